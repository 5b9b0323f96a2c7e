import './service-hall.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Spin, Statistic } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { CountsChart } from '../home/counts-chart.tsx';
import { getStats } from './service-hall.api.ts';

type Rate = 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'onTimeRate' | 'oneTripRate';
/** Each rate and the requests that pull it down (the board's `metric` filter). */
const RATES: { key: Rate; metric: string }[] = [
  { key: 'responseRate', metric: 'responded-late' },
  { key: 'resolutionRate', metric: 'not-resolved' },
  { key: 'satisfactionRate', metric: 'dissatisfied' },
  { key: 'onTimeRate', metric: 'completed-late' },
  { key: 'oneTripRate', metric: 'more-than-one-trip' },
];

/** 服务效能: the three rates, the weighted score, on-time and one-trip rates of the chosen node, by child node, channel and item. */
export function FiguresPage() {
  const { current } = useCurrentOrg();
  const { locale, t } = useLocale();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const stats = useAsync((signal) => (current ? getStats({ orgId: current.id, from, to }, signal) : Promise.resolve(null)), [current?.id, from, to]);
  const percent = (v: number | null) => (v === null ? t('web.common.empty') : `${(v * 100).toFixed(1)}%`);
  const board = (metric?: string) => `/service-requests/board?from=${from}&to=${to}${metric ? `&metric=${metric}` : ''}`;
  const s = stats.data;

  return (
    <section aria-labelledby="figures-title">
      <div className="page-header">
        <div>
          <h1 id="figures-title">{t('web.hall.figures.title')}</h1>
          {current ? <p className="page-subtitle">{t('web.registry.withinNode', { name: current.name })}</p> : null}
        </div>
        <DatePicker.RangePicker
          allowClear={false}
          value={period}
          aria-label={t('web.hall.figures.period')}
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
            <Row gutter={[16, 16]} data-testid="figures-cards">
              <Col xs={12} md={8} xl={6}>
                <Link to={board()}>
                  <Card size="small" hoverable>
                    <Statistic
                      title={t('web.hall.figures.score')}
                      value={s.figures.score === null ? t('web.common.empty') : s.figures.score.toFixed(1)}
                      data-testid="figure-score"
                    />
                  </Card>
                </Link>
              </Col>
              <Col xs={12} md={8} xl={6}>
                <Link to={board()}>
                  <Card size="small" hoverable>
                    <Statistic title={t('web.hall.figures.total')} value={s.figures.total} />
                  </Card>
                </Link>
              </Col>
              {RATES.map((r) => (
                <Col xs={12} md={8} xl={6} key={r.key}>
                  <Link to={board(r.metric)} data-testid={`figure-${r.key}`}>
                    <Card size="small" hoverable>
                      <Statistic title={t(`web.hall.figures.${r.key}`)} value={percent(s.figures[r.key])} />
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
            <p className="field-hint">
              {t('web.hall.figures.weights', {
                response: s.weights.response,
                resolution: s.weights.resolution,
                satisfaction: s.weights.satisfaction,
                excluded: s.excluded,
              })}
            </p>
            <Row gutter={[16, 16]} style={{ marginTop: 8 }}>
              {s.byOrg.length ? (
                <Col xs={24}>
                  <Card size="small" title={t('web.hall.figures.byOrg')}>
                    <CountsChart
                      ariaLabel={t('web.hall.figures.byOrg')}
                      seriesName={t('web.hall.figures.score')}
                      bars={s.byOrg.map((o) => ({ label: o.orgName, value: o.figures.score === null ? 0 : Math.round(o.figures.score * 10) / 10 }))}
                    />
                  </Card>
                </Col>
              ) : null}
              <Col xs={24} lg={12}>
                <Card size="small" title={t('web.hall.figures.byChannel')}>
                  <CountsChart
                    ariaLabel={t('web.hall.figures.byChannel')}
                    seriesName={t('web.hall.figures.count')}
                    bars={s.byChannel.map((c) => ({ label: t(`channel.${c.channel}`), value: c.count }))}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('web.hall.figures.byItem')}>
                  <CountsChart
                    ariaLabel={t('web.hall.figures.byItem')}
                    seriesName={t('web.hall.figures.count')}
                    bars={s.byItem.map((i) => ({ label: i.itemName, value: i.count }))}
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
