import { useState } from 'react';
import { App as AntApp, Form, Input, Modal, Tag } from 'antd';
import type { StarEntryState } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';

const STATE_COLORS: Record<StarEntryState, string> = {
  drafting: 'default',
  submitted: 'blue',
  scored: 'cyan',
  reviewed: 'purple',
  approved: 'gold',
  displayed: 'green',
};

export function StateTag({ state }: { state: StarEntryState }) {
  const { t } = useLocale();
  return <Tag color={STATE_COLORS[state]}>{t(`web.stars.entryState.${state}`)}</Tag>;
}

/** Asks for a reason (a department returning a star, the city answering an objection). */
export function ReasonModal({ title, onClose, onSubmit }: { title: string; onClose: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: saving, id: 'reason-ok' }} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setSaving(true);
          try {
            await onSubmit(v.reason);
            onClose();
          } catch (error) {
            message.error(errorText(locale, error));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="reason" label={t('web.starCycles.reason')} rules={[requiredRule(t, 'web.starCycles.reason')]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
