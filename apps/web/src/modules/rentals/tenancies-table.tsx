import { useState } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Alert, Button, Empty, Table, Tag, type TableColumnsType } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import type { Tenancy } from '../residents/registry-types.ts';
import { listTenancies } from './rentals.api.ts';
import { EndTenancyModal } from './tenancy-modals.tsx';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Tenancies of a home or of a node; each current one can be ended (ability `end`). */
export function TenanciesTable({
  orgId,
  homeId,
  current,
  showAddress,
  reloadKey,
  onChanged,
}: {
  orgId?: string;
  homeId?: string;
  current?: 'true' | 'false';
  showAddress?: boolean;
  reloadKey?: number;
  onChanged?: () => void;
}) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [ending, setEnding] = useState<Tenancy | null>(null);
  const tenancies = useAsync((signal) => listTenancies({ orgId, homeId, current, ...paging }, signal), [orgId, homeId, current, paging, reloadKey]);
  const empty = t('web.common.empty');
  const isCurrent = (tenancy: Tenancy) => !tenancy.endDate || tenancy.endDate >= today();

  const columns: TableColumnsType<Tenancy> = [
    ...(showAddress
      ? [
          {
            title: t('web.residents.address'),
            key: 'address',
            render: (_value: unknown, tn: Tenancy) => <Link to={`/homes?home=${encodeURIComponent(tn.homeId)}`}>{tn.address}</Link>,
          },
        ]
      : []),
    {
      title: t('web.rentals.tenant'),
      key: 'tenant',
      render: (_value, tn) => <Link to={`/residents?resident=${encodeURIComponent(tn.tenantId)}`}>{tn.tenantName}</Link>,
    },
    {
      title: t('web.rentals.landlord'),
      key: 'landlord',
      responsive: ['md'],
      render: (_value, tn) => (tn.landlordId ? <Link to={`/residents?resident=${encodeURIComponent(tn.landlordId)}`}>{tn.landlordName}</Link> : empty),
    },
    {
      title: t('web.rentals.period'),
      key: 'period',
      render: (_value, tn) => (
        <>
          {t('web.rentals.periodText', { start: tn.startDate, end: tn.endDate ?? t('web.rentals.openEnded') })}{' '}
          {isCurrent(tn) ? <Tag color="green">{t('web.rentals.current')}</Tag> : <Tag>{t('web.rentals.ended')}</Tag>}
        </>
      ),
    },
    { title: t('web.rentals.registeredOn'), key: 'registeredOn', responsive: ['lg'], render: (_value, tn) => tn.registeredOn },
    { title: t('web.rentals.contractNo'), key: 'contractNo', responsive: ['lg'], render: (_value, tn) => tn.contractNo ?? empty },
    {
      title: t('web.common.actions'),
      key: 'actions',
      render: (_value, tn) =>
        tn.abilities.includes('end') && isCurrent(tn) ? (
          <Button type="link" size="small" danger onClick={() => setEnding(tn)} data-testid="tenancy-end">
            {t('web.rentals.end')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      {tenancies.error ? (
        <Alert type="error" showIcon title={errorText(locale, tenancies.error)} action={<Button onClick={tenancies.reload}>{t('web.common.retry')}</Button>} />
      ) : null}
      <Table<Tenancy>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tenancies.data?.items ?? []}
        loading={tenancies.loading}
        scroll={{ x: 'max-content' }}
        data-testid="tenancies-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.rentals.noTenancies')} /> }}
        pagination={
          (tenancies.data?.total ?? 0) > paging.pageSize
            ? {
                current: paging.page,
                pageSize: paging.pageSize,
                total: tenancies.data?.total ?? 0,
                showTotal: (total) => t('web.common.total', { total }),
              }
            : false
        }
        onChange={(pagination) => setPaging((p) => ({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? p.pageSize }))}
      />
      <EndTenancyModal
        tenancy={ending}
        onClose={() => setEnding(null)}
        onDone={(tn) => {
          setEnding(null);
          message.success(t('web.rentals.ended.message', { tenant: tn.tenantName }));
          tenancies.reload();
          onChanged?.();
        }}
      />
    </>
  );
}
