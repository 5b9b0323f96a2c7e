import { Link, useLocation } from 'react-router';
import { Alert } from 'antd';
import { useMe } from '../../app/auth-context.tsx';
import { useT } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { listNotices } from './notices.api.ts';

/** On every page of a grid worker: the emergency notices they have not acknowledged, in red, until they do. */
export function PendingNoticesBanner() {
  const me = useMe();
  const t = useT();
  const allowed = me.permissions.includes('notice:acknowledge');
  // Looked up again on each page change, so an acknowledgement clears it.
  const { pathname } = useLocation();
  const pending = useAsync((signal) => (allowed ? listNotices({ page: 1, pageSize: 1, pending: 'true' }, signal) : Promise.resolve(null)), [allowed, pathname]);
  const first = pending.data?.items[0];
  if (!first) return null;
  return (
    <Alert
      type="error"
      showIcon
      banner
      data-testid="pending-notices-banner"
      title={t('web.notices.banner', { n: pending.data!.total, title: first.title })}
      action={<Link to="/notices/mine">{t('web.notices.open')}</Link>}
      style={{ marginBottom: 12 }}
    />
  );
}
