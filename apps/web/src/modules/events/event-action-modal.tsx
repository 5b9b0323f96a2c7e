import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { EVENT_GRADES, type EventAction, type EventDetail } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { AttachmentUpload } from '../files/attachments.tsx';
import { eventAction, getDispatchTargets, listEventCategories } from './events.api.ts';

/** The form of one step: what each step asks for (a reason, a unit, a result with photos, a grade). */
export function EventActionModal({
  event,
  action,
  onClose,
  onDone,
}: {
  event: EventDetail;
  action: EventAction;
  onClose: () => void;
  onDone: (e: EventDetail) => void;
}) {
  const { locale, t } = useLocale();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const orgId = Form.useWatch('orgId', form) as string | undefined;
  const targets = useAsync((signal) => (action === 'dispatch' ? getDispatchTargets(event.id, signal) : Promise.resolve(null)), [event.id, action]);
  const categories = useAsync((signal) => (action === 'register' ? listEventCategories(signal) : Promise.resolve(null)), [action]);
  const reasonField = action === 'void' || action === 'return' || action === 'rework';
  const noteField = action === 'register' || action === 'dispatch' || action === 'verify' || action === 'evaluate';

  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
      onDone(await eventAction(event.id, action, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`web.events.action.${action}`)}
      okText={t(`web.events.action.${action}`)}
      cancelText={t('web.common.cancel')}
      onOk={() => void submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'action-submit' }}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={action === 'evaluate' ? { grade: 'good' } : { categoryId: event.categoryId ?? undefined }}>
        {action === 'register' ? (
          <Form.Item name="categoryId" label={t('web.events.category')} rules={[{ required: true, message: t('web.events.categoryRequired') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="field-category"
              options={(categories.data?.items ?? [])
                .filter((c) => c.level === 2 && c.active)
                .map((c) => ({ value: c.id, label: `${t(`web.events.kind.${c.kind}`)} ${c.code} ${c.name}` }))}
            />
          </Form.Item>
        ) : null}
        {action === 'dispatch' ? (
          <>
            <Form.Item name="orgId" label={t('web.events.field.unit')} rules={[{ required: true, message: t('web.events.field.unitRequired') }]}>
              <Select
                data-testid="field-unit"
                options={(targets.data?.orgs ?? []).map((o) => ({ value: o.id, label: o.name }))}
                onChange={() => form.setFieldValue('userId', undefined)}
              />
            </Form.Item>
            <Form.Item name="userId" label={t('web.events.field.person')} extra={t('web.events.field.personHint')}>
              <Select
                allowClear
                data-testid="field-person"
                options={(targets.data?.users ?? []).filter((u) => u.orgId === orgId).map((u) => ({ value: u.id, label: u.displayName }))}
              />
            </Form.Item>
          </>
        ) : null}
        {reasonField ? (
          <Form.Item
            name="reason"
            label={t('web.events.field.reason')}
            rules={[{ required: true, whitespace: true, message: t('web.events.field.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="field-reason" />
          </Form.Item>
        ) : null}
        {action === 'feedback' ? (
          <>
            <Form.Item
              name="result"
              label={t('web.events.field.result')}
              rules={[{ required: true, whitespace: true, message: t('web.events.field.resultRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={1000} data-testid="field-result" />
            </Form.Item>
            <Form.Item name="photoIds" label={t('web.events.field.photos')}>
              <AttachmentUpload max={9} testId="feedback-photos" />
            </Form.Item>
          </>
        ) : null}
        {action === 'evaluate' ? (
          <Form.Item name="grade" label={t('web.events.field.grade')} rules={[{ required: true }]}>
            <Select data-testid="field-grade" options={EVENT_GRADES.map((g) => ({ value: g, label: t(`web.events.grade.${g}`) }))} />
          </Form.Item>
        ) : null}
        {noteField ? (
          <Form.Item name="note" label={t('web.events.field.note')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="field-note" />
          </Form.Item>
        ) : null}
        {action === 'verify' && event.closingCondition ? (
          <Alert type="info" showIcon title={t('web.events.closingCondition', { text: event.closingCondition })} />
        ) : null}
      </Form>
    </Modal>
  );
}
