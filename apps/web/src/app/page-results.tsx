// The full-page results (404, 403, errors): antd Result is heavy, so these load only when shown.
import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from './i18n.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('web.page.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('web.page.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('web.page.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('web.page.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NoAccessPage() {
  const t = useT();
  return <Result status="info" title={t('web.page.noAccess')} data-testid="no-access" />;
}

/** Shown when a page fails to render or its code cannot be loaded (e.g. after an update). */
export function PageErrorPage() {
  const t = useT();
  return (
    <Result
      status="error"
      title={t('web.error.pageFailed')}
      data-testid="page-error"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('web.common.reload')}
        </Button>
      }
    />
  );
}
