import { Tag } from 'antd';
import type { EventItem, EventState } from '@lingyan/shared';
import { useT } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/format.ts';

const STATE_COLOURS: Record<EventState, string> = {
  reported: 'blue',
  registered: 'geekblue',
  dispatched: 'processing',
  returned: 'orange',
  'fed-back': 'cyan',
  closed: 'green',
  evaluated: 'default',
  voided: 'default',
};

export function EventStateTag({ state }: { state: EventState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="event-state" data-state={state}>
      {t(`web.events.state.${state}`)}
    </Tag>
  );
}

const CLOCK_COLOURS = { 'on-time': 'green', warning: 'gold', overdue: 'red' } as const;

/** The clock of the step under way: which step, due when, and its colour. */
export function EventClockTag({ event }: { event: Pick<EventItem, 'clock' | 'escalated'> }) {
  const t = useT();
  if (!event.clock) return <span className="field-hint">{t('web.common.empty')}</span>;
  return (
    <span>
      <Tag color={CLOCK_COLOURS[event.clock.state]} data-testid="event-clock" data-clock={event.clock.state}>
        {t(`web.events.step.${event.clock.step}`)} · {t(`clock.${event.clock.state}`)}
      </Tag>
      <span className="field-hint">{t('web.events.dueAt', { at: formatDateTime(event.clock.due) })}</span>
      {event.escalated ? <Tag color="red">{t('web.events.escalated')}</Tag> : null}
    </span>
  );
}

export function limitText(t: ReturnType<typeof useT>, l: { value: number; unit: string }): string {
  return t(l.unit === 'working-hours' ? 'web.events.limitHours' : 'web.events.limitDays', { n: l.value });
}
