import { useEffect, useState } from 'react';
import { Alert, DatePicker, Form, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { ROLES, type Assignment, type RoleCode } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { ApiError } from '../../app/api-client.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { UserSelect } from '../users/user-select.tsx';
import { OrgTreeSelect } from '../orgs/org-tree-select.tsx';
import { grantRole } from './assignments.api.ts';

type GrantForm = {
  userId: string;
  role: RoleCode;
  orgId: string;
  period?: [Dayjs | null, Dayjs | null] | null;
};

const FIELD_OF_ERROR: Record<string, keyof GrantForm> = {
  ASSIGNMENT_DUPLICATE: 'role',
  ASSIGNMENT_ROLE_ORG_MISMATCH: 'role',
  ASSIGNMENT_INVALID_PERIOD: 'period',
  USER_NOT_FOUND: 'userId',
  ORG_NOT_FOUND: 'orgId',
};

export type GrantRoleModalProps = {
  open: boolean;
  initial?: { userId?: string; orgId?: string; orgName?: string };
  onClose: () => void;
  onGranted: (assignment: Assignment) => void;
};

export function GrantRoleModal({ open, initial, onClose, onGranted }: GrantRoleModalProps) {
  const { locale, t } = useLocale();
  const [form] = Form.useForm<GrantForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ userId: initial?.userId, orgId: initial?.orgId });
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async (values: GrantForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const [from, to] = values.period ?? [null, null];
      const assignment = await grantRole({
        userId: values.userId,
        role: values.role,
        orgId: values.orgId,
        validFrom: from ? from.format('YYYY-MM-DD') : null,
        validTo: to ? to.format('YYYY-MM-DD') : null,
      });
      onGranted(assignment);
    } catch (cause) {
      const field = cause instanceof ApiError ? FIELD_OF_ERROR[cause.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [errorText(locale, cause)] }]);
      else setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('web.assignments.grant')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
      <Form<GrantForm> form={form} name="grant-role" layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item name="userId" label={t('web.assignments.user')} rules={[requiredRule(t, 'web.assignments.user', 'select')]}>
          <UserSelect data-testid="grant-user" />
        </Form.Item>
        <Form.Item name="role" label={t('web.assignments.role')} rules={[requiredRule(t, 'web.assignments.role', 'select')]}>
          <Select
            data-testid="grant-role"
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            placeholder={t('web.form.select', { field: t('web.assignments.role') })}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('web.assignments.org')} rules={[requiredRule(t, 'web.assignments.org', 'select')]}>
          <OrgTreeSelect data-testid="grant-org" valueLabel={initial?.orgName} />
        </Form.Item>
        <Form.Item name="period" label={t('web.assignments.period')} extra={t('web.assignments.periodHint')}>
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
            placeholder={[t('web.assignments.validFrom'), t('web.assignments.validTo')]}
            data-testid="grant-period"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
