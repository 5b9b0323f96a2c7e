import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { useAuth, useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { ApiError } from '../../app/api-client.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { landingPath } from '../../app/navigation.ts';
import { changePassword } from './password.api.ts';
import { usePasswordPolicyHint } from './password-policy-hint.ts';

type PasswordForm = { currentPassword: string; newPassword: string; confirmPassword: string };

/** Errors that belong to one field are shown under it; the rest above the form. */
const FIELD_OF_ERROR: Record<string, keyof PasswordForm> = {
  PASSWORD_WRONG: 'currentPassword',
  PASSWORD_POLICY_VIOLATION: 'newPassword',
  PASSWORD_REUSED: 'newPassword',
};

export function ChangePasswordPage() {
  const me = useMe();
  const { locale, t } = useLocale();
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const policyHint = usePasswordPolicyHint();
  const forced = me.user.mustChangePassword;

  const submit = async (values: PasswordForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      message.success(t('web.password.changed'));
      form.resetFields();
      const fresh = await refresh();
      navigate(fresh ? landingPath(fresh.permissions) : '/', { replace: true });
    } catch (cause) {
      const field = cause instanceof ApiError ? FIELD_OF_ERROR[cause.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [errorText(locale, cause)] }]);
      else setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section aria-labelledby="change-password-title">
      <div className="page-header">
        <h1 id="change-password-title">{t('web.password.title')}</h1>
      </div>
      <Card className="password-card">
        {forced ? <Alert type="warning" showIcon title={t('web.password.forced')} style={{ marginBottom: 16 }} data-testid="password-forced" /> : null}
        {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
        <Form<PasswordForm> form={form} name="change-password" layout="vertical" requiredMark={false} onFinish={submit}>
          {/* Lets password managers tie the new password to the right account. */}
          <input type="text" name="username" autoComplete="username" value={me.user.username} readOnly hidden />
          <Form.Item name="currentPassword" label={t('web.password.current')} rules={[requiredRule(t, 'web.password.current')]}>
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('web.password.new')} extra={policyHint} rules={[requiredRule(t, 'web.password.new')]}>
            <Input.Password autoComplete="new-password" data-testid="new-password" />
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
            <Input.Password autoComplete="new-password" data-testid="confirm-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="change-password-submit">
            {t('web.password.submit')}
          </Button>
        </Form>
      </Card>
    </section>
  );
}
