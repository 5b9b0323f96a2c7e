import './events.css';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Checkbox, Select, Space, Table } from 'antd';
import { CLOCK_STATES, EVENT_STATES, type EventItem } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { listEvents, type EventQuery } from './events.api.ts';
import { EventClockTag, EventStateTag } from './events-bits.tsx';

/**
 * The event board (事件看板) of the chosen node, coloured by the running clock; "mine": the events
 * dispatched to the caller or their unit. A figure's drill-down arrives with ?figure=&from=&to=.
 */
export function EventsPage({ mode }: { mode: 'board' | 'mine' }) {
  const { locale, t } = useLocale();
  const { current } = useCurrentOrg();
  const [params] = useSearchParams();
  const drill = params.get('figure');
  const [state, setState] = useState<string | undefined>();
  const [clock, setClock] = useState<string | undefined>();
  const [open, setOpen] = useState<'true' | 'false' | undefined>(drill ? undefined : 'true');
  const [escalated, setEscalated] = useState<'true' | undefined>();
  const [page, setPage] = useState(1);
  const query: EventQuery = {
    page,
    pageSize: 20,
    ...(mode === 'mine' ? { mine: 'handling' as const } : { orgId: params.get('orgId') ?? current?.id }),
    ...(drill
      ? { figure: drill, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, reporterId: params.get('reporterId') ?? undefined }
      : {}),
    state,
    clock,
    open,
    escalated,
  };
  const list = useAsync((signal) => listEvents(query, signal), [JSON.stringify(query)]);

  return (
    <section aria-labelledby="events-title" data-testid="events-page">
      <div className="page-header">
        <div>
          <h1 id="events-title">{t(mode === 'mine' ? 'web.events.mine.title' : 'web.events.board.title')}</h1>
          {drill ? <p className="page-subtitle">{t('web.events.drill', { figure: t(`web.events.figure.${drill}`) })}</p> : null}
        </div>
      </div>
      <Space wrap className="event-filters" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('web.events.filter.state')}
          aria-label={t('web.events.filter.state')}
          value={state}
          onChange={(v) => (setState(v), setPage(1))}
          options={EVENT_STATES.map((s) => ({ value: s, label: t(`web.events.state.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('web.events.filter.clock')}
          aria-label={t('web.events.filter.clock')}
          value={clock}
          onChange={(v) => (setClock(v), setPage(1))}
          options={CLOCK_STATES.map((c) => ({ value: c, label: t(`clock.${c}`) }))}
        />
        <Select
          allowClear
          placeholder={t('web.events.filter.open')}
          aria-label={t('web.events.filter.open')}
          value={open}
          onChange={(v) => (setOpen(v), setPage(1))}
          options={[
            { value: 'true', label: t('web.events.filter.openOnly') },
            { value: 'false', label: t('web.events.filter.ended') },
          ]}
        />
        <Checkbox
          data-testid="filter-escalated"
          checked={escalated === 'true'}
          onChange={(e) => (setEscalated(e.target.checked ? 'true' : undefined), setPage(1))}
        >
          {t('web.events.filter.escalated')}
        </Checkbox>
      </Space>
      {list.error ? (
        <Alert type="error" showIcon title={errorText(locale, list.error)} action={<Button onClick={list.reload}>{t('web.common.retry')}</Button>} />
      ) : null}
      <Table<EventItem>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        data-testid="events-table"
        rowClassName={(e) => (e.clock?.state === 'overdue' ? 'event-row-overdue' : e.clock?.state === 'warning' ? 'event-row-warning' : '')}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('web.events.number'),
            dataIndex: 'number',
            render: (v: string, e) => (
              <Link to={`/events/${e.id}`} data-testid="event-link">
                {v}
              </Link>
            ),
          },
          { title: t('web.events.category'), dataIndex: 'categoryName', render: (v: string | null) => v ?? t('web.events.uncategorised') },
          { title: t('web.events.grid'), dataIndex: 'gridName', responsive: ['md'] },
          { title: t('web.events.stateLabel'), dataIndex: 'state', render: (s: EventItem['state']) => <EventStateTag state={s} /> },
          { title: t('web.events.clock'), key: 'clock', render: (_: unknown, e) => <EventClockTag event={e} /> },
          {
            title: t('web.events.handler'),
            dataIndex: 'handlerOrgName',
            responsive: ['lg'],
            render: (v: string | null, e) => (v ? `${v}${e.handlerUserName ? ` · ${e.handlerUserName}` : ''}` : ''),
          },
          { title: t('web.events.reportedAt'), dataIndex: 'reportedAt', responsive: ['md'], render: (v: string) => formatDateTime(v) },
        ]}
      />
    </section>
  );
}
