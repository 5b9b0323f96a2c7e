import './service-hall.css';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, DatePicker, Empty, Input, Segmented, Select, Table, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { CHANNELS, CLOCK_STATES, isOpen, REQUEST_STATES, type ClockState, type ServiceRequest } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { listRequests, listServiceItems, type RequestQuery } from './service-hall.api.ts';
import { ClockTag, StateTag } from './service-hall-bits.tsx';

/** The worse of the two clocks: the colour of a row. */
function rowClock(r: ServiceRequest): ClockState {
  const rank = (c: ClockState) => CLOCK_STATES.indexOf(c);
  return rank(r.completionClock) >= rank(r.responseClock) ? r.completionClock : r.responseClock;
}

type Mode = 'mine' | 'board' | 'overdue';
const FILTER_KEYS = ['state', 'clock', 'itemId', 'channel', 'from', 'to', 'q', 'metric', 'open'] as const;

/** 我的办件 (mine), 办件看板 (board of the chosen node) and 超期督办 (overdue, open): one table, rows coloured by clock. */
export function RequestsPage({ mode }: { mode: Mode }) {
  const { current } = useCurrentOrg();
  const { t } = useLocale();
  const titleKey = mode === 'mine' ? 'web.hall.mine.title' : mode === 'board' ? 'web.hall.board.title' : 'web.hall.overdue.title';
  if (mode !== 'mine' && !current) {
    return (
      <section>
        <div className="page-header">
          <h1>{t(titleKey)}</h1>
        </div>
        <Empty description={t('web.home.chooseNode')} />
      </section>
    );
  }
  return (
    <RequestsTable
      key={`${mode}-${current?.id ?? ''}`}
      mode={mode}
      orgId={mode === 'mine' ? undefined : current?.id}
      orgName={current?.name}
      titleKey={titleKey}
    />
  );
}

function RequestsTable({ mode, orgId, orgName, titleKey }: { mode: Mode; orgId?: string; orgName?: string; titleKey: string }) {
  const { locale, t } = useLocale();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [whose, setWhose] = useState<'owner' | 'handler'>('handler');
  // My requests: the open ones first (only them until "all" is chosen).
  const [showAll, setShowAll] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const filters: Partial<Record<(typeof FILTER_KEYS)[number], string>> = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  const query: RequestQuery = {
    ...(filters as Omit<RequestQuery, 'page' | 'pageSize'>),
    orgId,
    ...(mode === 'mine' ? { [whose]: 'me' as const, open: showAll ? (filters.open as RequestQuery['open']) : ('true' as const) } : {}),
    ...(mode === 'overdue' ? { clock: 'overdue' as const, open: 'true' as const } : {}),
    ...paging,
  };
  const list = useAsync((signal) => listRequests(query, signal), [JSON.stringify(query)]);
  const items = useAsync((signal) => listServiceItems(signal), []);
  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  // Open requests first: the server sorts by date; open ones go on top of each page.
  const rows = [...(list.data?.items ?? [])].sort((a, b) => Number(isOpen(b.state)) - Number(isOpen(a.state)));

  const columns: TableColumnsType<ServiceRequest> = [
    {
      title: t('web.hall.number'),
      key: 'number',
      render: (_v, r) => (
        <Link to={`/service-requests/${r.id}`} data-testid="request-link" className="mono">
          {r.number}
        </Link>
      ),
    },
    { title: t('web.hall.item'), dataIndex: 'itemName' },
    { title: t('web.hall.resident'), key: 'resident', render: (_v, r) => r.residentName ?? t('web.common.empty') },
    { title: t('web.hall.state'), key: 'state', render: (_v, r) => <StateTag state={r.state} /> },
    { title: t('web.hall.channel'), key: 'channel', responsive: ['lg'], render: (_v, r) => t(`channel.${r.channel}`) },
    { title: t('web.hall.receivedAt'), key: 'receivedAt', responsive: ['md'], render: (_v, r) => formatDateTime(r.receivedAt) },
    {
      title: t('web.hall.completionDue'),
      key: 'due',
      render: (_v, r) => (
        <span>
          {r.completionDue} <ClockTag clock={rowClock(r)} testId="row-clock" />
        </span>
      ),
    },
    { title: t('web.hall.handler'), key: 'handler', responsive: ['lg'], render: (_v, r) => r.handlerName ?? r.handlerOrgName ?? t('web.common.empty') },
  ];

  const period = filters.from && filters.to ? ([dayjs(filters.from), dayjs(filters.to)] as [Dayjs, Dayjs]) : null;

  return (
    <section aria-labelledby="requests-title">
      <div className="page-header">
        <div>
          <h1 id="requests-title">{t(titleKey)}</h1>
          {orgName ? <p className="page-subtitle">{t('web.registry.withinNode', { name: orgName })}</p> : null}
        </div>
      </div>
      <div className="filter-bar hall-filters" role="group" aria-label={t('web.registry.filters')}>
        {mode === 'mine' ? (
          <Segmented
            value={whose}
            onChange={(v) => setWhose(v as 'owner' | 'handler')}
            options={[
              { value: 'handler', label: t('web.hall.mine.handler') },
              { value: 'owner', label: t('web.hall.mine.owner') },
            ]}
            data-testid="mine-whose"
          />
        ) : null}
        {mode === 'mine' ? (
          <Segmented
            value={showAll ? 'all' : 'open'}
            onChange={(v) => {
              setShowAll(v === 'all');
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'open', label: t('web.hall.mine.open') },
              { value: 'all', label: t('web.common.all') },
            ]}
            data-testid="mine-open"
          />
        ) : null}
        <Input.Search
          allowClear
          placeholder={t('web.hall.searchPlaceholder')}
          aria-label={t('web.hall.searchPlaceholder')}
          defaultValue={filters.q}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('web.hall.state')}
          aria-label={t('web.hall.state')}
          value={filters.state}
          onChange={(v?: string) => setFilter('state', v)}
          options={REQUEST_STATES.map((s) => ({ value: s, label: t(`requestState.${s}`) }))}
          data-testid="filter-state"
        />
        {mode !== 'overdue' ? (
          <Select
            allowClear
            placeholder={t('web.hall.clock')}
            aria-label={t('web.hall.clock')}
            value={filters.clock}
            onChange={(v?: string) => setFilter('clock', v)}
            options={CLOCK_STATES.map((c) => ({ value: c, label: t(`clock.${c}`) }))}
            data-testid="filter-clock"
          />
        ) : null}
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('web.hall.item')}
          aria-label={t('web.hall.item')}
          value={filters.itemId}
          onChange={(v?: string) => setFilter('itemId', v)}
          options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
          data-testid="filter-item"
        />
        <Select
          allowClear
          placeholder={t('web.hall.channel')}
          aria-label={t('web.hall.channel')}
          value={filters.channel}
          onChange={(v?: string) => setFilter('channel', v)}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          data-testid="filter-channel"
        />
        <DatePicker.RangePicker
          value={period}
          aria-label={t('web.hall.period')}
          onChange={(range) => {
            const next = new URLSearchParams(params);
            if (range?.[0] && range[1]) {
              next.set('from', range[0].format('YYYY-MM-DD'));
              next.set('to', range[1].format('YYYY-MM-DD'));
            } else {
              next.delete('from');
              next.delete('to');
            }
            setParams(next, { replace: true });
          }}
        />
        {filters.metric ? (
          <Button onClick={() => setFilter('metric', undefined)}>{t('web.hall.metricFilter', { metric: t(`web.hall.metric.${filters.metric}`) })} ✕</Button>
        ) : null}
      </div>
      {list.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(locale, list.error)}
          action={<Button onClick={list.reload}>{t('web.common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<ServiceRequest>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        data-testid="requests-table"
        rowClassName={(r) => `clickable-row request-row-${rowClock(r)}`}
        onRow={(r) => ({ onClick: () => navigate(`/service-requests/${r.id}`), 'data-clock': rowClock(r) }) as never}
        locale={{ emptyText: t('web.hall.none') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('web.common.total', { total }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
    </section>
  );
}
