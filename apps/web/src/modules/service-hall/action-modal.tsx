import { useState } from 'react';
import { App as AntApp, Checkbox, Form, Input, Modal, Select } from 'antd';
import { RATINGS, type RequestAction } from '@lingyan/shared';
import { useLocale, type Translate } from '../../app/i18n.tsx';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import type { TransferTargets } from '@lingyan/shared';
import { useAsync } from '../../app/use-async.ts';
import { getTransferTargets, requestAction, type ServiceRequestDetail } from './service-hall.api.ts';

type FieldKind = 'text' | 'textarea' | 'date' | 'target-user' | 'target-org' | 'visit' | 'bool' | 'select';
type Field = { name: string; kind: FieldKind; required?: boolean; options?: readonly string[]; optionKey?: string; initial?: unknown };

export const INFORM_METHODS = ['phone', 'sms', 'in-person', 'home-visit', 'letter', 'online'] as const;
export const SIGNED_HOW = ['written', 'electronic', 'fingerprint', 'verbal-recorded'] as const;

/** The body of each step (see requestActionInputSchemas): one small form per action. */
const FIELDS: Record<RequestAction, Field[]> = {
  accept: [{ name: 'note', kind: 'textarea' }],
  refuse: [{ name: 'reason', kind: 'textarea', required: true }],
  transfer: [
    // Picked from the targets the server offers for this request (it refuses any other).
    { name: 'toUserId', kind: 'target-user' },
    { name: 'toOrgId', kind: 'target-org' },
    { name: 'note', kind: 'textarea' },
  ],
  pause: [{ name: 'reason', kind: 'textarea', required: true }],
  resume: [{ name: 'note', kind: 'textarea' }],
  complete: [{ name: 'result', kind: 'textarea', required: true }],
  inform: [
    { name: 'method', kind: 'select', required: true, options: INFORM_METHODS, optionKey: 'web.hall.informMethod', initial: 'phone' },
    { name: 'note', kind: 'textarea' },
  ],
  rate: [
    { name: 'rating', kind: 'select', required: true, options: RATINGS, optionKey: 'rating' },
    { name: 'comment', kind: 'textarea' },
    { name: 'source', kind: 'select', required: true, options: ['return-visit', 'window'], optionKey: 'web.hall.rateSource', initial: 'return-visit' },
  ],
  close: [{ name: 'note', kind: 'textarea' }],
  reopen: [{ name: 'reason', kind: 'textarea', required: true }],
  trip: [{ name: 'note', kind: 'textarea' }],
  'authorize-agency': [
    { name: 'scope', kind: 'textarea', required: true },
    { name: 'validUntil', kind: 'date', required: true },
    { name: 'signedHow', kind: 'select', required: true, options: SIGNED_HOW, optionKey: 'web.hall.signedHow', initial: 'written' },
  ],
  'agency-step': [{ name: 'step', kind: 'textarea', required: true }],
  'schedule-visit': [
    { name: 'scheduledFor', kind: 'date', required: true },
    { name: 'assigneeId', kind: 'target-user', required: true },
  ],
  'record-visit': [
    { name: 'visitId', kind: 'visit', required: true },
    { name: 'outcome', kind: 'textarea', required: true },
  ],
  'follow-up': [
    { name: 'result', kind: 'select', required: true, options: ['upheld', 'unfounded'], optionKey: 'web.hall.followUp' },
    { name: 'note', kind: 'textarea', required: true },
  ],
  exclude: [
    { name: 'excluded', kind: 'bool', initial: true },
    { name: 'reason', kind: 'textarea', required: true },
  ],
};

const fieldLabel = (t: Translate, name: string) => t(`web.hall.field.${name}`);

/** One step of a request: its small form, then the API; the page reloads from the answer. */
export function ActionModal(props: {
  request: ServiceRequestDetail;
  action: RequestAction;
  onClose: () => void;
  onDone: (next: ServiceRequestDetail) => void;
}) {
  const { request, action } = props;
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  const fields = FIELDS[action];
  const initialValues = Object.fromEntries(fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial]));
  const openVisits = request.visits.filter((v) => !v.doneAt);
  // Transfer and home-visit pickers offer the same people: those the request may go to.
  const targets = useAsync(
    (signal) => (action === 'transfer' || action === 'schedule-visit' ? getTransferTargets(request.id, signal) : Promise.resolve(undefined)),
    [request.id, action],
  );

  const submit = async () => {
    const values = await form.validateFields();
    if (action === 'transfer' && !values.toUserId && !values.toOrgId) {
      form.setFields([{ name: 'toUserId', errors: [t('web.hall.transfer.pickOne')] }]);
      return;
    }
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values[f.name];
      if (f.kind === 'bool') body[f.name] = Boolean(v);
      else if (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null) body[f.name] = typeof v === 'string' ? v.trim() : v;
    }
    setSaving(true);
    try {
      const next = await requestAction(request.id, action, body);
      message.success(t('web.hall.actionDone', { action: t(`web.hall.action.${action}`) }));
      props.onDone(next);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(`web.hall.action.${action}`)}
      onCancel={props.onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('web.common.ok')}
      cancelText={t('web.common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid={`action-form-${action}`}>
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.kind === 'bool' ? undefined : fieldLabel(t, f.name)}
            valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
            rules={f.required ? [requiredRule(t, `web.hall.field.${f.name}`, f.kind === 'textarea' || f.kind === 'text' ? 'enter' : 'select')] : []}
          >
            {renderField(t, f, openVisits, action, targets.data, targets.loading)}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function renderField(
  t: Translate,
  f: Field,
  visits: ServiceRequestDetail['visits'],
  action: RequestAction,
  targets: TransferTargets | undefined,
  loadingTargets: boolean,
) {
  const testId = `action-${action}-${f.name}`;
  switch (f.kind) {
    case 'text':
      return <Input data-testid={testId} />;
    case 'textarea':
      return <Input.TextArea rows={3} maxLength={1000} data-testid={testId} />;
    case 'date':
      return <Input type="date" data-testid={testId} />;
    case 'target-user':
      return (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={loadingTargets}
          placeholder={t('web.hall.transfer.userPlaceholder')}
          data-testid={testId}
          aria-label={fieldLabel(t, f.name)}
          options={(targets?.users ?? []).map((u) => ({ value: u.id, label: t('web.hall.transfer.userOption', { name: u.displayName, org: u.orgName }) }))}
        />
      );
    case 'target-org':
      return (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={loadingTargets}
          placeholder={t('web.hall.transfer.orgPlaceholder')}
          data-testid={testId}
          aria-label={fieldLabel(t, f.name)}
          options={(targets?.orgs ?? []).map((o) => ({ value: o.id, label: t('web.hall.transfer.orgOption', { name: o.name, kind: t(`orgKind.${o.kind}`) }) }))}
        />
      );
    case 'bool':
      return <Checkbox data-testid={testId}>{fieldLabel(t, f.name)}</Checkbox>;
    case 'visit':
      return (
        <Select
          data-testid={testId}
          options={visits.map((v) => ({ value: v.id, label: t('web.hall.visitOption', { date: v.scheduledFor, name: v.assigneeName }) }))}
        />
      );
    case 'select':
      return <Select data-testid={testId} options={(f.options ?? []).map((o) => ({ value: o, label: t(`${f.optionKey}.${o}`) }))} />;
  }
}
