import '../residents/registry.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Empty, Grid, Pagination, Segmented, Spin, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import type { Translate } from '../../app/i18n.tsx';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import type { RentalAttention } from '../residents/registry-types.ts';
import { ATTENTION_KINDS, listAttention, type AttentionKind } from './rentals.api.ts';
import { TenanciesTable } from './tenancies-table.tsx';

const KIND_COLORS: Record<AttentionKind, string> = {
  'permit-expired': 'red',
  'late-registration': 'orange',
  'permit-expiring': 'gold',
  'rented-without-tenancy': 'purple',
};

/** What the days of an item mean depends on its kind: late by, expired for, left, or nothing. */
export function attentionDaysText(t: Translate, item: Pick<RentalAttention, 'kind' | 'days'>): string {
  if (item.days === null) return t('web.common.empty');
  switch (item.kind) {
    case 'late-registration':
      return t('web.rentals.days.late', { days: item.days });
    case 'permit-expired':
      return t('web.rentals.days.expired', { days: Math.abs(item.days) });
    case 'permit-expiring':
      return item.days === 0 ? t('web.rentals.days.today') : t('web.rentals.days.left', { days: item.days });
    default:
      return t('web.common.empty');
  }
}

/** Overdue and expired in red; days left and no days in the text colour. */
function daysClass(item: Pick<RentalAttention, 'kind' | 'days'>): string | undefined {
  return item.days !== null && (item.kind === 'permit-expired' || item.kind === 'late-registration') ? 'text-danger' : undefined;
}

/** 出租房屋: the watch list of what needs action (以房管人、以证管人), and the current tenancies. */
export function RentalsPage() {
  const { current } = useCurrentOrg();
  const { t } = useLocale();
  if (!current) {
    return (
      <section aria-labelledby="rentals-title">
        <div className="page-header">
          <h1 id="rentals-title">{t('web.rentals.title')}</h1>
        </div>
        <Empty description={t('web.home.chooseNode')} />
      </section>
    );
  }
  return <RentalsOfNode key={current.id} root={current} />;
}

function RentalsOfNode({ root }: { root: OrgRef }) {
  const { t } = useLocale();
  const [tab, setTab] = useState('attention');
  return (
    <section aria-labelledby="rentals-title">
      <div className="page-header">
        <div>
          <h1 id="rentals-title">{t('web.rentals.title')}</h1>
          <p className="page-subtitle">{t('web.registry.withinNode', { name: root.name })}</p>
        </div>
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'attention', label: t('web.rentals.attention'), children: <AttentionList root={root} /> },
          {
            key: 'tenancies',
            label: t('web.rentals.currentTenancies'),
            children: <TenanciesTable orgId={root.id} current="true" showAddress />,
          },
        ]}
      />
    </section>
  );
}

function AttentionList({ root }: { root: OrgRef }) {
  const { locale, t } = useLocale();
  const screens = Grid.useBreakpoint();
  const [kind, setKind] = useState<AttentionKind | 'all'>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useAsync((signal) => listAttention({ orgId: root.id, kind: kind === 'all' ? undefined : kind, ...paging }, signal), [root.id, kind, paging]);
  const empty = t('web.common.empty');

  const columns: TableColumnsType<RentalAttention> = [
    {
      title: t('web.rentals.kind'),
      key: 'kind',
      render: (_value, item) => <Tag color={KIND_COLORS[item.kind]}>{t(`web.rentals.kind.${item.kind}`)}</Tag>,
    },
    {
      title: t('web.residents.address'),
      key: 'address',
      render: (_value, item) => (
        <Link to={`/homes?home=${encodeURIComponent(item.homeId)}`} data-testid="attention-home">
          {item.address}
        </Link>
      ),
    },
    { title: t('web.residents.grid'), key: 'grid', responsive: ['lg'], render: (_value, item) => item.gridName },
    {
      title: t('web.rentals.resident'),
      key: 'resident',
      render: (_value, item) =>
        item.residentId ? (
          <Link to={`/residents?resident=${encodeURIComponent(item.residentId)}`} data-testid="attention-resident">
            {item.residentName}
          </Link>
        ) : (
          empty
        ),
    },
    { title: t('web.rentals.date'), key: 'date', render: (_value, item) => (item.date ? t(`web.rentals.dateOf.${item.kind}`, { date: item.date }) : empty) },
    {
      title: t('web.rentals.days'),
      key: 'days',
      render: (_value, item) => <span className={daysClass(item)}>{attentionDaysText(t, item)}</span>,
    },
  ];

  return (
    <>
      <div className="filter-bar">
        <Segmented<AttentionKind | 'all'>
          value={kind}
          onChange={(value) => {
            setKind(value);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={[{ value: 'all', label: t('web.common.all') }, ...ATTENTION_KINDS.map((k) => ({ value: k, label: t(`web.rentals.kind.${k}`) }))]}
          aria-label={t('web.rentals.kind')}
          data-testid="attention-kind"
          className="attention-kinds"
        />
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
      {screens.md === false ? (
        <Spin spinning={list.loading}>
          {(list.data?.items.length ?? 0) === 0 && !list.loading ? (
            <Empty description={t('web.rentals.noAttention')} />
          ) : (
            <ul className="resident-cards" data-testid="attention-cards">
              {list.data?.items.map((item, index) => (
                <li key={`${item.kind}-${item.homeId}-${item.residentId ?? ''}-${index}`} className="member-card">
                  <div className="resident-card-head">
                    <Tag color={KIND_COLORS[item.kind]}>{t(`web.rentals.kind.${item.kind}`)}</Tag>
                    <span className={daysClass(item)}>{attentionDaysText(t, item)}</span>
                  </div>
                  <div className="resident-card-line">
                    <Link to={`/homes?home=${encodeURIComponent(item.homeId)}`}>{item.address}</Link>
                  </div>
                  {item.residentId ? (
                    <div className="resident-card-line">
                      <Link to={`/residents?resident=${encodeURIComponent(item.residentId)}`}>{item.residentName}</Link>
                      {item.date ? <span className="page-subtitle"> · {t(`web.rentals.dateOf.${item.kind}`, { date: item.date })}</span> : null}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <Pagination
            simple
            align="center"
            current={paging.page}
            pageSize={paging.pageSize}
            total={list.data?.total ?? 0}
            onChange={(page) => setPaging((p) => ({ ...p, page }))}
          />
        </Spin>
      ) : (
        <Table<RentalAttention>
          rowKey={(item) => `${item.kind}-${item.homeId}-${item.residentId ?? ''}`}
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          data-testid="attention-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.rentals.noAttention')} /> }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('web.common.total', { total }),
          }}
          onChange={(pagination) => setPaging((p) => ({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? p.pageSize }))}
        />
      )}
    </>
  );
}
