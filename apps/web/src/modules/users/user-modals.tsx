import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, type FormInstance } from 'antd';
import type { User } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { ApiError } from '../../app/api-client.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { usePasswordPolicyHint } from '../auth/password-policy-hint.ts';
import { createUser, resetUserPassword, updateUser } from './users.api.ts';

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Runs a form's submit against the API: field errors go under their field (by error code), the
 * rest into an alert at the top of the dialog.
 */
function useSubmit<T extends object>(form: FormInstance<T>, fieldOfError: Record<string, keyof T & string>) {
  const { locale } = useLocale();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setSubmitting(true);
    setError(null);
    try {
      await action();
    } catch (cause) {
      const field = cause instanceof ApiError ? fieldOfError[cause.code] : undefined;
      if (field) form.setFields([{ name: field as never, errors: [errorText(locale, cause)] }]);
      else setError(cause);
    } finally {
      setSubmitting(false);
    }
  };
  const alert = error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null;
  return { run, submitting, alert, clear: () => setError(null) };
}

type CreateForm = { username: string; displayName: string; password: string };

export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (user: User) => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<CreateForm>();
  const submit = useSubmit(form, { USERNAME_TAKEN: 'username', PASSWORD_POLICY_VIOLATION: 'password' });
  const policyHint = usePasswordPolicyHint();
  useEffect(() => {
    if (open) {
      form.resetFields();
      submit.clear();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  return (
    <Modal
      open={open}
      title={t('web.users.create')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submit.submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {submit.alert}
      <Form<CreateForm>
        form={form}
        name="create-user"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) =>
          submit.run(async () => {
            const user = await createUser({ ...values, username: values.username.trim(), displayName: values.displayName.trim() });
            onCreated(user);
          })
        }
      >
        <Form.Item
          name="username"
          label={t('web.users.username')}
          extra={t('web.users.usernameHint')}
          rules={[requiredRule(t, 'web.users.username'), { min: 2, pattern: USERNAME_PATTERN, message: t('web.users.usernameInvalid') }]}
        >
          <Input autoComplete="off" maxLength={64} data-testid="create-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('web.users.displayName')} rules={[requiredRule(t, 'web.users.displayName')]}>
          <Input autoComplete="off" maxLength={64} data-testid="create-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('web.users.initialPassword')}
          extra={
            <>
              {policyHint}
              <br />
              {t('web.users.initialPasswordHint')}
            </>
          }
          rules={[requiredRule(t, 'web.users.initialPassword')]}
        >
          <Input.Password autoComplete="new-password" data-testid="create-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditForm = { displayName: string };

export function EditUserModal({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<EditForm>();
  const submit = useSubmit(form, {});
  useEffect(() => {
    if (user) {
      form.setFieldsValue({ displayName: user.displayName });
      submit.clear();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  return (
    <Modal
      open={user !== null}
      title={t('web.users.edit')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submit.submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {submit.alert}
      <Form<EditForm>
        form={form}
        name="edit-user"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) =>
          submit.run(async () => {
            if (!user) return;
            await updateUser(user.id, { displayName: values.displayName.trim() });
            onSaved();
          })
        }
      >
        <Form.Item label={t('web.users.username')}>
          <Input value={user?.username} disabled />
        </Form.Item>
        <Form.Item name="displayName" label={t('web.users.displayName')} rules={[requiredRule(t, 'web.users.displayName')]}>
          <Input autoComplete="off" maxLength={64} data-testid="edit-display-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ResetForm = { newPassword: string; confirmPassword: string };

export function ResetPasswordModal({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: (user: User) => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<ResetForm>();
  const submit = useSubmit(form, { PASSWORD_POLICY_VIOLATION: 'newPassword' });
  const policyHint = usePasswordPolicyHint();
  useEffect(() => {
    if (user) {
      form.resetFields();
      submit.clear();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  return (
    <Modal
      open={user !== null}
      title={user ? t('web.users.resetPasswordTitle', { name: user.displayName }) : ''}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submit.submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {submit.alert}
      <Alert type="info" showIcon title={t('web.users.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <Form<ResetForm>
        form={form}
        name="reset-password"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) =>
          submit.run(async () => {
            if (!user) return;
            await resetUserPassword(user.id, values.newPassword);
            onDone(user);
          })
        }
      >
        <Form.Item name="newPassword" label={t('web.password.new')} extra={policyHint} rules={[requiredRule(t, 'web.password.new')]}>
          <Input.Password autoComplete="new-password" data-testid="reset-new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('web.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            requiredRule(t, 'web.password.confirm'),
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('web.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-confirm-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
