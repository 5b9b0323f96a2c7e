import { Link } from 'react-router';
import { Alert } from 'antd';
import { useMe } from '../../app/auth-context.tsx';
import { useT } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { getCalendarStatus } from './service-hall.api.ts';

/** In November and December, reminds whoever keeps the calendar that next year's holidays are not confirmed yet. */
export function CalendarBanner() {
  const me = useMe();
  const t = useT();
  const allowed = me.permissions.includes('calendar:manage');
  const status = useAsync((signal) => (allowed ? getCalendarStatus(signal) : Promise.resolve(null)), [allowed]);
  const s = status.data;
  if (!s || s.nextYearConfirmed) return null;
  const month = Number(s.today.slice(5, 7));
  if (month < 11) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="calendar-banner"
      title={t('web.hall.calendar.banner', { year: s.nextYear })}
      action={<Link to={`/calendar?year=${s.nextYear}`}>{t('web.hall.calendar.open')}</Link>}
    />
  );
}
