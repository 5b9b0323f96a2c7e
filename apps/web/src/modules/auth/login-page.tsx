import { useState } from 'react';
import { useLocation } from 'react-router';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { LanguageSwitch } from '../../app/language-switch.tsx';
import { BrandMark } from '../../app/brand-mark.tsx';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';

type LoginForm = { username: string; password: string };
type LoginLocationState = { reason?: 'logout' | 'expired' } | null;

export function LoginPage() {
  const { locale, t } = useLocale();
  const { login } = useAuth();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const reason = (location.state as LoginLocationState)?.reason;

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      // The route guard moves a signed-in user on; nothing more to do here.
    } catch (cause) {
      setError(cause);
      setSubmitting(false);
    }
  };

  return (
    <main className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      {/* A plain box, not antd Card: Card pulls in Tabs, Dropdown and Menu, too much for the first page. */}
      <div className="login-card">
        <div className="login-brand">
          <BrandMark large />
          <p>{t('web.app.tagline')}</p>
        </div>
        {error ? (
          <Alert type="error" showIcon role="alert" data-testid="login-error" title={errorText(locale, error)} style={{ marginBottom: 16 }} />
        ) : reason ? (
          <Alert
            type="info"
            showIcon
            data-testid="login-notice"
            title={t(reason === 'logout' ? 'web.login.signedOut' : 'web.login.sessionEnded')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form<LoginForm> name="login" layout="vertical" requiredMark={false} onFinish={submit} size="large">
          <Form.Item name="username" label={t('web.login.username')} rules={[requiredRule(t, 'web.login.username')]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('web.login.password')} rules={[requiredRule(t, 'web.login.password')]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('web.login.submit')}
          </Button>
        </Form>
      </div>
    </main>
  );
}
