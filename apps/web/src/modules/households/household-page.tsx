import '../residents/registry.css';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Descriptions, Empty, Grid, Skeleton, Space, Table, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, HomeOutlined, PrinterOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { codeLabel, relationLabel } from '../residents/registry-labels.ts';
import { ResidentStatusTag, ResidentTags } from '../residents/resident-bits.tsx';
import { HistoryTimeline } from '../residents/resident-drawer.tsx';
import type { Resident } from '../residents/registry-types.ts';
import { getHousehold } from './households.api.ts';

/** 一户一档: one household on one sheet — the home, the members, their tags and the history. Prints cleanly. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const household = useAsync((signal) => getHousehold(id, signal), [id]);
  const hh = household.data;
  const empty = t('web.common.empty');
  const head = hh?.members.find((member) => member.id === hh.headResidentId);

  const columns: TableColumnsType<Resident> = [
    {
      title: t('web.residents.name'),
      key: 'name',
      render: (_value, m) => (
        <Link to={`/residents?resident=${encodeURIComponent(m.id)}`} data-testid="household-member">
          {m.name}
        </Link>
      ),
    },
    { title: t('web.residents.relation'), key: 'relation', render: (_value, m) => relationLabel(t, m.relation) },
    { title: t('web.residents.gender'), key: 'gender', render: (_value, m) => codeLabel(t, 'gender', m.gender) },
    {
      title: t('web.residents.birthDate'),
      key: 'birth',
      render: (_value, m) => (m.birthDate ? t('web.residents.birthAndAge', { date: m.birthDate, age: m.age ?? '' }) : empty),
    },
    { title: t('web.residents.field.idNumber'), key: 'id', render: (_value, m) => <span className="mono">{m.idNumberMasked ?? empty}</span> },
    { title: t('web.residents.field.phone'), key: 'phone', render: (_value, m) => <span className="mono">{m.phoneMasked ?? empty}</span> },
    { title: t('web.residents.tags'), key: 'tags', render: (_value, m) => (m.tags.length ? <ResidentTags codes={m.tags} /> : null) },
    { title: t('web.residents.status'), key: 'status', render: (_value, m) => <ResidentStatusTag status={m.status} /> },
  ];

  return (
    <section aria-labelledby="household-title" className="household-card">
      <div className="page-header">
        <div>
          <h1 id="household-title">{t('web.households.title')}</h1>
          {hh ? <p className="page-subtitle">{hh.address}</p> : null}
        </div>
        <Space wrap className="no-print">
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/residents')}>
            {t('web.households.backToResidents')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!hh} data-testid="household-print">
            {t('web.households.print')}
          </Button>
        </Space>
      </div>
      {household.error ? (
        <Alert type="error" showIcon title={errorText(locale, household.error)} action={<Button onClick={household.reload}>{t('web.common.retry')}</Button>} />
      ) : !hh ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            data-testid="household-summary"
            items={[
              {
                key: 'address',
                label: t('web.residents.address'),
                span: 'filled',
                children: (
                  <Link to={`/homes?home=${encodeURIComponent(hh.homeId)}`}>
                    <HomeOutlined /> {hh.address}
                  </Link>
                ),
              },
              { key: 'grid', label: t('web.residents.grid'), children: hh.gridName },
              { key: 'head', label: t('web.households.head'), children: head?.name ?? empty },
              { key: 'registration', label: t('web.residents.registrationType'), children: codeLabel(t, 'registration', hh.registrationType) },
              { key: 'count', label: t('web.households.memberCount'), children: hh.members.length },
            ]}
          />
          <h2 className="section-title">{t('web.households.members')}</h2>
          {screens.md === false ? (
            <ul className="resident-cards" data-testid="household-members">
              {hh.members.map((m) => (
                <li key={m.id} className="member-card">
                  <div className="resident-card-head">
                    <Link to={`/residents?resident=${encodeURIComponent(m.id)}`}>{m.name}</Link>
                    <span className="page-subtitle">{relationLabel(t, m.relation)}</span>
                    <ResidentStatusTag status={m.status} />
                  </div>
                  <div className="resident-card-line mono">
                    {m.idNumberMasked ?? empty}
                    {m.phoneMasked ? ` · ${m.phoneMasked}` : ''}
                  </div>
                  {m.tags.length ? <ResidentTags codes={m.tags} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <Table<Resident>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={hh.members}
              pagination={false}
              data-testid="household-members"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.households.noMembers')} /> }}
            />
          )}
          <h2 className="section-title">{t('web.households.history')}</h2>
          <HistoryTimeline entries={hh.history} loading={false} showNote />
          <p className="page-subtitle household-print-note">
            {t('web.households.maskedNote')}
            <span className="print-only"> {t('web.households.printedAt', { at: formatDateTime(new Date().toISOString()) })}</span>
          </p>
        </>
      )}
    </section>
  );
}
