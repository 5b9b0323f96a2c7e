import { Tag } from 'antd';
import type { ClockState, RequestState, ServiceItem } from '@lingyan/shared';
import { useT } from '../../app/i18n.tsx';

export const CLOCK_COLOURS: Record<ClockState, string> = { 'on-time': 'green', warning: 'gold', overdue: 'red' };

export function ClockTag({ clock, testId }: { clock: ClockState; testId?: string }) {
  const t = useT();
  return (
    <Tag color={CLOCK_COLOURS[clock]} data-testid={testId} data-clock={clock}>
      {t(`clock.${clock}`)}
    </Tag>
  );
}

const STATE_COLOURS: Record<RequestState, string> = {
  received: 'blue',
  accepted: 'processing',
  waiting: 'orange',
  completed: 'cyan',
  informed: 'geekblue',
  rated: 'purple',
  closed: 'default',
  refused: 'default',
};

export function StateTag({ state }: { state: RequestState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="request-state" data-state={state}>
      {t(`requestState.${state}`)}
    </Tag>
  );
}

/** 代办 / 上门 / 最多跑一趟 / 全程网办 of a catalog item. */
export function ItemFlags({ item }: { item: Pick<ServiceItem, 'agency' | 'homeVisit' | 'oneTrip' | 'online'> }) {
  const t = useT();
  return (
    <span className="item-flags">
      {item.agency ? <Tag color="magenta">{t('web.hall.flag.agency')}</Tag> : null}
      {item.homeVisit ? <Tag color="volcano">{t('web.hall.flag.homeVisit')}</Tag> : null}
      {item.oneTrip ? <Tag color="green">{t('web.hall.flag.oneTrip')}</Tag> : null}
      {item.online ? <Tag color="blue">{t('web.hall.flag.online')}</Tag> : null}
    </span>
  );
}
