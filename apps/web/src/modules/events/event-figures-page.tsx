import './events.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Spin, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EventStats } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { CountsChart } from '../home/counts-chart.tsx';
import { getEventStats } from './events.api.ts';

type Figures = EventStats['figures'];
const COUNTS = ['reported', 'registered', 'closed', 'closedOnTime'] as const;
const RATES = [
  { key: 'onTimeRate', figure: 'closedOnTime' },
  { key: 'reworkRate', figure: 'reworked' },
  { key: 'returnedRate', figure: 'returned' },
] as const;

/** 事件考核 (GB/T 30428.4 style): the chosen node's figures, per node below it and per reporter, each number a link to its events. */
export function EventFiguresPage() {
  const { current } = useCurrentOrg();
  const { locale, t } = useLocale();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const stats = useAsync((signal) => (current ? getEventStats({ orgId: current.id, from, to }, signal) : Promise.resolve(null)), [current?.id, from, to]);
  const percent = (v: number | null) => (v === null ? t('web.common.empty') : `${(v * 100).toFixed(1)}%`);
  const drill = (figure: string, orgId: string, reporterId?: string) =>
    `/events?figure=${figure}&orgId=${orgId}&from=${from}&to=${to}${reporterId ? `&reporterId=${reporterId}` : ''}`;
  const s = stats.data;
  const figureColumns = (orgOf: (r: { orgId?: string }) => string, reporterOf?: (r: { userId?: string }) => string | undefined) => [
    ...COUNTS.map((f) => ({
      title: t(`web.events.figure.${f}`),
      key: f,
      render: (_: unknown, r: { figures: Figures; orgId?: string; userId?: string }) => <Link to={drill(f, orgOf(r), reporterOf?.(r))}>{r.figures[f]}</Link>,
    })),
    ...RATES.map((rate) => ({
      title: t(`web.events.figure.${rate.key}`),
      key: rate.key,
      render: (_: unknown, r: { figures: Figures; orgId?: string; userId?: string }) => (
        <Link to={drill(rate.figure, orgOf(r), reporterOf?.(r))}>{percent(r.figures[rate.key])}</Link>
      ),
    })),
  ];

  return (
    <section aria-labelledby="event-figures-title" data-testid="event-figures-page">
      <div className="page-header">
        <div>
          <h1 id="event-figures-title">{t('web.events.figures.title')}</h1>
          {current ? <p className="page-subtitle">{t('web.registry.withinNode', { name: current.name })}</p> : null}
        </div>
        <DatePicker.RangePicker
          allowClear={false}
          value={period}
          aria-label={t('web.events.figures.period')}
          onChange={(range) => {
            if (range?.[0] && range[1]) setPeriod([range[0], range[1]]);
          }}
        />
      </div>
      {!current ? <Empty description={t('web.home.chooseNode')} /> : null}
      {stats.error ? (
        <Alert type="error" showIcon title={errorText(locale, stats.error)} action={<Button onClick={stats.reload}>{t('web.common.retry')}</Button>} />
      ) : null}
      <Spin spinning={stats.loading}>
        {s ? (
          <>
            <Row gutter={[16, 16]} data-testid="event-figures-cards">
              {COUNTS.map((f) => (
                <Col xs={12} md={6} xl={3} key={f}>
                  <Link to={drill(f, s.orgId)} data-testid={`event-figure-${f}`}>
                    <Card size="small" hoverable>
                      <Statistic title={t(`web.events.figure.${f}`)} value={s.figures[f]} />
                    </Card>
                  </Link>
                </Col>
              ))}
              {RATES.map((r) => (
                <Col xs={12} md={8} xl={4} key={r.key}>
                  <Link to={drill(r.figure, s.orgId)} data-testid={`event-figure-${r.key}`}>
                    <Card size="small" hoverable>
                      <Statistic title={t(`web.events.figure.${r.key}`)} value={percent(s.figures[r.key])} />
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              {s.children.length ? (
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('web.events.figures.reportedByOrg')}>
                    <CountsChart
                      ariaLabel={t('web.events.figures.reportedByOrg')}
                      seriesName={t('web.events.figure.reported')}
                      bars={s.children.map((c) => ({ label: c.name, value: c.figures.reported }))}
                    />
                  </Card>
                </Col>
              ) : null}
              {s.children.length ? (
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('web.events.figures.closedByOrg')}>
                    <CountsChart
                      ariaLabel={t('web.events.figures.closedByOrg')}
                      seriesName={t('web.events.figure.closed')}
                      bars={s.children.map((c) => ({ label: c.name, value: c.figures.closed }))}
                    />
                  </Card>
                </Col>
              ) : null}
              <Col xs={24}>
                <Card size="small" title={t('web.events.figures.byOrg')}>
                  <Table
                    size="small"
                    rowKey="orgId"
                    pagination={false}
                    scroll={{ x: true }}
                    dataSource={s.children}
                    data-testid="event-figures-children"
                    columns={[{ title: t('web.events.figures.org'), dataIndex: 'name' }, ...figureColumns((r) => r.orgId!)]}
                  />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('web.events.figures.byWorker')}>
                  <Table
                    size="small"
                    rowKey="userId"
                    pagination={false}
                    scroll={{ x: true }}
                    dataSource={s.workers}
                    data-testid="event-figures-workers"
                    columns={[
                      { title: t('web.events.figures.worker'), dataIndex: 'name' },
                      ...figureColumns(
                        () => s.orgId,
                        (r) => r.userId,
                      ),
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        ) : null}
      </Spin>
    </section>
  );
}
