import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import type { RevealableField } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { errorText } from '../../app/error-text.ts';
import { revealField } from './residents.api.ts';
import { ethnicLabel } from './registry-labels.ts';

export const REASON_MIN_LENGTH = 2;
const REASON_MAX_LENGTH = 200;

type Shown = { value: string | null; from: number; until: number };

/**
 * One personal field, masked. With the `reveal` ability a 查看 button asks for a reason (kept in
 * the audit log), then shows the value for as long as the server allows, with a countdown, and
 * masks it again. Nothing revealed is kept beyond this component.
 */
export function MaskedField({
  residentId,
  field,
  masked,
  canReveal,
  testId,
}: {
  residentId: string;
  field: RevealableField;
  masked: string | null;
  canReveal: boolean;
  testId?: string;
}) {
  const { t } = useLocale();
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const id = testId ?? field;

  useEffect(() => {
    if (!shown) return;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= shown.until) setShown(null);
    }, 250);
    return () => window.clearInterval(timer);
  }, [shown]);

  // Another resident in the same place: forget what was shown.
  useEffect(() => setShown(null), [residentId]);

  const fieldName = t(`web.residents.field.${field}`);
  const secondsLeft = shown ? Math.max(0, Math.ceil((shown.until - now) / 1000)) : 0;

  const text = shown ? (shown.value === null ? t('web.reveal.noValue') : field === 'ethnicity' ? ethnicLabel(t, shown.value) : shown.value) : '';
  const empty = masked === null && field !== 'religion';
  // One polite announcement when the value appears (with how long it stays) and when it goes;
  // the visible countdown itself is a timer, not read out every second.
  const announcement = shown ? t('web.reveal.announceShown', { field: fieldName, value: text, seconds: Math.round((shown.until - shown.from) / 1000) }) : '';

  return (
    <span className="masked-field">
      <span className="sr-only" aria-live="polite">
        {announcement}
      </span>
      {shown ? (
        <Space size={8} wrap>
          <Typography.Text strong data-testid={`revealed-${id}`}>
            {text}
          </Typography.Text>
          <Tag color="orange" role="timer" data-testid={`reveal-countdown-${id}`}>
            {t('web.reveal.countdown', { seconds: secondsLeft })}
          </Tag>
          <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={() => setShown(null)} data-testid={`reveal-hide-${id}`}>
            {t('web.reveal.hide')}
          </Button>
        </Space>
      ) : (
        <Space size={8} wrap>
          <span data-testid={`masked-${id}`}>{empty ? t('web.common.empty') : (masked ?? t('web.reveal.hidden'))}</span>
          {canReveal && !empty ? (
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              onClick={() => setAsking(true)}
              aria-label={t('web.reveal.buttonLabel', { field: fieldName })}
              data-testid={`reveal-${id}`}
            >
              {t('web.reveal.button')}
            </Button>
          ) : null}
        </Space>
      )}
      {asking ? (
        <RevealDialog
          residentId={residentId}
          field={field}
          onClose={() => setAsking(false)}
          onRevealed={(value, seconds) => {
            setAsking(false);
            const start = Date.now();
            setNow(start);
            setShown({ value, from: start, until: start + seconds * 1000 });
          }}
        />
      ) : null}
    </span>
  );
}

/** Asks why (required, kept in the audit log), then fetches the value. Mounted only while asking. */
function RevealDialog({
  residentId,
  field,
  onClose,
  onRevealed,
}: {
  residentId: string;
  field: RevealableField;
  onClose: () => void;
  onRevealed: (value: string | null, seconds: number) => void;
}) {
  const { locale, t } = useLocale();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await revealField(residentId, field, reason.trim());
      onRevealed(result.value, result.expiresInSeconds);
    } catch (cause) {
      setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  const fieldName = t(`web.residents.field.${field}`);
  return (
    <Modal
      open
      title={t('web.reveal.title', { field: fieldName })}
      okText={t('web.reveal.submit')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'reveal-submit' }}
    >
      {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
      <Alert type="warning" showIcon title={t('web.reveal.notice')} style={{ marginBottom: 16 }} />
      <Form<{ reason: string }> form={form} name={`reveal-${field}`} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('web.reveal.reason')}
          extra={t('web.reveal.reasonHint')}
          rules={[
            { required: true, whitespace: true, message: t('web.reveal.reasonRequired') },
            {
              validator: (_rule, value: string | undefined) =>
                !value || value.trim().length >= REASON_MIN_LENGTH
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('web.reveal.reasonTooShort', { min: REASON_MIN_LENGTH }))),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={REASON_MAX_LENGTH} showCount autoFocus data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
