import { useMemo } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Statistic } from 'antd';
import { ApartmentOutlined, BankOutlined, HomeOutlined, TeamOutlined, TableOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { getOrgSummary } from '../orgs/orgs.api.ts';
import { CountsChart } from './counts-chart.tsx';
import { CalendarBanner } from '../service-hall/calendar-banner.tsx';
import { summaryFieldsFor, type SummaryField } from './summary-fields.ts';

const FIELD_ICONS: Record<SummaryField, React.ReactNode> = {
  townships: <BankOutlined />,
  communities: <ApartmentOutlined />,
  villages: <HomeOutlined />,
  grids: <TableOutlined />,
  users: <TeamOutlined />,
};

/** Live counts under the node chosen in the header. */
export function HomePage() {
  const { locale, t } = useLocale();
  const { current } = useCurrentOrg();
  const summary = useAsync((signal) => (current ? getOrgSummary(current.id, signal) : Promise.resolve(null)), [current?.id]);
  const fields = summaryFieldsFor(current?.kind);
  const data = summary.data && summary.data.orgId === current?.id ? summary.data : null;
  const bars = useMemo(() => (data ? fields.map((field) => ({ label: t(`web.home.${field}`), value: data[field] })) : []), [data, fields, t]);

  return (
    <section aria-labelledby="home-title">
      <div className="page-header">
        <div>
          <h1 id="home-title">{t('web.home.title')}</h1>
          {current ? (
            <p className="page-subtitle" data-testid="home-subtitle">
              {t('web.home.subtitle', { name: current.name, kind: t(`orgKind.${current.kind}`) })}
            </p>
          ) : null}
        </div>
      </div>
      <CalendarBanner />
      {!current ? (
        <Empty description={t('web.home.chooseNode')} />
      ) : summary.error ? (
        <Alert type="error" showIcon title={errorText(locale, summary.error)} action={<Button onClick={summary.reload}>{t('web.common.retry')}</Button>} />
      ) : (
        <>
          <Row gutter={[16, 16]} data-testid="summary-cards">
            {fields.map((field) => (
              <Col key={field} xs={12} sm={8} lg={Math.max(4, Math.floor(24 / fields.length))}>
                <Card variant="borderless">
                  <Statistic
                    title={t(`web.home.${field}`)}
                    value={data?.[field] ?? 0}
                    loading={!data}
                    prefix={FIELD_ICONS[field]}
                    data-testid={`summary-${field}`}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('web.home.chartTitle')} variant="borderless" style={{ marginTop: 16 }}>
            <CountsChart bars={bars} seriesName={t('web.home.chartTitle')} ariaLabel={t('web.home.chartLabel', { name: current.name })} />
          </Card>
        </>
      )}
    </section>
  );
}
