import './visits.css';
import { useState } from 'react';
import { Alert, Empty, Progress, Select, Spin, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { periodOf, type OrgCoverage, type VisitHousehold } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { chinaToday } from '../service-hall/service-hall.api.ts';
import { getCoverage, listDue } from './visits.api.ts';

/** The periods offered: this quarter and the three before, this month and the two before. */
function periodChoices(today: string): string[] {
  const out: string[] = [];
  let d = today;
  for (let i = 0; i < 4; i++) {
    const p = periodOf(d, 3);
    out.push(p.key);
    d = new Date(Date.parse(`${p.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  d = today;
  for (let i = 0; i < 3; i++) {
    const p = periodOf(d, 1);
    out.push(p.key);
    d = new Date(Date.parse(`${p.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return out;
}

/**
 * 服务到达最远一户: the chosen org node's visit coverage for a period, each part of it below
 * (click to go down), and the households not yet visited, never visited first.
 */
export function CoveragePage() {
  const { locale, t } = useLocale();
  const { current, select } = useCurrentOrg();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const coverage = useAsync((signal) => getCoverage({ orgId: current?.id, period }, signal), [current?.id, period]);
  const due = useAsync((signal) => listDue({ orgId: current?.id, page, pageSize: 20 }, signal), [current?.id, page]);
  const c = coverage.data;

  const columns: TableColumnsType<OrgCoverage['children'][number]> = [
    { title: t('web.visits.coverage.part'), dataIndex: 'name', render: (name: string) => <a>{name}</a> },
    { title: t('web.visits.coverage.households'), dataIndex: 'households', align: 'right' },
    { title: t('web.visits.coverage.visited'), dataIndex: 'visited', align: 'right' },
    {
      title: t('web.visits.coverage.rate'),
      dataIndex: 'rate',
      width: 180,
      render: (rate: number, row) =>
        row.households ? (
          <Progress percent={rate} size="small" status={rate < 20 ? 'exception' : 'normal'} aria-label={`${row.name} ${t('web.visits.coverage.rate')}`} />
        ) : (
          '—'
        ),
    },
  ];
  const dueColumns: TableColumnsType<VisitHousehold> = [
    { title: t('web.visits.address'), dataIndex: 'address' },
    { title: t('web.visits.grid'), dataIndex: 'gridName', responsive: ['sm'] },
    {
      title: t('web.visits.lastVisit'),
      dataIndex: 'lastVisitedOn',
      render: (d: string | null, h) => (
        <span>
          {d ?? <Tag color="red">{t('web.visits.neverVisited')}</Tag>}
          {h.special ? <Tag color="purple">{t('web.visits.special')}</Tag> : null}
        </span>
      ),
    },
  ];

  return (
    <section aria-labelledby="coverage-title" data-testid="coverage-page">
      <div className="page-header">
        <h1 id="coverage-title">{t('web.visits.coverage.title')}</h1>
        <Select
          value={period ?? c?.period.key}
          onChange={setPeriod}
          options={periodChoices(chinaToday()).map((p) => ({ value: p, label: p }))}
          style={{ minWidth: 140 }}
          aria-label={t('web.visits.coverage.period')}
          data-testid="coverage-period"
        />
      </div>
      {coverage.error ? <Alert type="error" showIcon title={errorText(locale, coverage.error)} /> : null}
      {!c && coverage.loading ? <Spin /> : null}
      {c ? (
        <>
          <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', marginBottom: 16 }} data-testid="coverage-summary">
            <Statistic title={`${c.org.name} · ${c.period.key}`} value={c.rate} suffix="%" />
            <Statistic title={t('web.visits.coverage.households')} value={c.households} />
            <Statistic title={t('web.visits.coverage.visited')} value={c.visited} />
            <Statistic title={t('web.visits.coverage.notVisited')} value={c.households - c.visited} />
          </div>
          {c.children.length ? (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={c.children}
              data-testid="coverage-children"
              onRow={(row) => ({ onClick: () => select({ id: row.id, name: row.name, kind: row.kind as never }), style: { cursor: 'pointer' } })}
            />
          ) : null}
        </>
      ) : null}
      <h2 style={{ marginTop: 24 }}>{t('web.visits.coverage.dueTitle')}</h2>
      {due.error ? <Alert type="error" showIcon title={errorText(locale, due.error)} /> : null}
      {due.data && due.data.total === 0 ? <Empty description={t('web.visits.noneDue')} /> : null}
      {due.data && due.data.total > 0 ? (
        <Table
          rowKey="id"
          size="small"
          columns={dueColumns}
          dataSource={due.data.items}
          data-testid="coverage-due"
          pagination={{ current: page, pageSize: 20, total: due.data.total, onChange: setPage, showSizeChanger: false }}
        />
      ) : null}
    </section>
  );
}
