import { useState } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Alert, Button, Descriptions, Empty, Select, Skeleton, Space, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { codeLabel, relationLabel } from '../residents/registry-labels.ts';
import { listResidents } from '../residents/residents.api.ts';
import { ResidentFormModal } from '../residents/resident-form-modal.tsx';
import { ResidentStatusTag } from '../residents/resident-bits.tsx';
import type { Building, Resident } from '../residents/registry-types.ts';
import { createHousehold } from '../households/households.api.ts';
import { TenanciesTable } from '../rentals/tenancies-table.tsx';
import { CreateTenancyModal } from '../rentals/tenancy-modals.tsx';
import { getHome, listHouseholdsOfHome } from './homes.api.ts';
import { HomeFormModal } from './place-modals.tsx';

/** One home or place: what it is, who lives there, its household(s) and its tenancies. */
export function HomeDetail({ homeId, root, onChanged }: { homeId: string; root: OrgRef; onChanged: () => void }) {
  const me = useMe();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [dialog, setDialog] = useState<'edit' | 'resident' | 'tenancy' | null>(null);
  const [tenancyKey, setTenancyKey] = useState(0);
  const [headId, setHeadId] = useState<string | null>(null);
  const [creatingHousehold, setCreatingHousehold] = useState(false);
  const home = useAsync((signal) => getHome(homeId, signal), [homeId]);
  const residents = useAsync((signal) => listResidents({ homeId, page: 1, pageSize: 100 }, signal), [homeId]);
  const households = useAsync((signal) => listHouseholdsOfHome(homeId, signal), [homeId]);
  const h = home.data && home.data.id === homeId ? home.data : null;
  const empty = t('web.common.empty');

  if (home.error) {
    return <Alert type="error" showIcon title={errorText(locale, home.error)} action={<Button onClick={home.reload}>{t('web.common.retry')}</Button>} />;
  }
  if (!h) return <Skeleton active />;

  const canUpdate = h.abilities.includes('update');
  const living = (residents.data?.items ?? []).filter((r) => r.status === 'living');
  const columns: TableColumnsType<Resident> = [
    {
      title: t('web.residents.name'),
      key: 'name',
      render: (_value, r) => (
        <Link to={`/residents?resident=${encodeURIComponent(r.id)}`} data-testid="home-resident">
          {r.name}
        </Link>
      ),
    },
    { title: t('web.residents.relation'), key: 'relation', render: (_value, r) => relationLabel(t, r.relation) },
    { title: t('web.residents.age'), key: 'age', render: (_value, r) => r.age ?? empty },
    {
      title: t('web.residents.field.idNumber'),
      key: 'id',
      responsive: ['sm'],
      render: (_value, r) => <span className="mono">{r.idNumberMasked ?? empty}</span>,
    },
    { title: t('web.residents.status'), key: 'status', render: (_value, r) => <ResidentStatusTag status={r.status} /> },
  ];

  const makeHousehold = async () => {
    if (!headId) return;
    setCreatingHousehold(true);
    try {
      await createHousehold({ homeId: h.id, headResidentId: headId, registrationType: living.find((r) => r.id === headId)?.registrationType ?? 'local' });
      message.success(t('web.homes.householdCreated'));
      households.reload();
      residents.reload();
      setHeadId(null);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setCreatingHousehold(false);
    }
  };

  return (
    <div data-testid="home-detail">
      <div className="detail-header">
        <h2 className="detail-title">{h.name ? `${h.name} · ${h.address}` : h.address}</h2>
        <Space wrap size={4}>
          {canUpdate ? (
            <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="home-edit">
              {t('web.common.edit')}
            </Button>
          ) : null}
          {me.permissions.includes('registry:write') && canUpdate ? (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('resident')} data-testid="home-add-resident">
              {t('web.homes.addResident')}
            </Button>
          ) : null}
          {canUpdate ? (
            <Button onClick={() => setDialog('tenancy')} data-testid="home-add-tenancy">
              {t('web.rentals.create')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'kind', label: t('web.homes.kind'), children: codeLabel(t, 'homeKind', h.kind) },
          { key: 'grid', label: t('web.residents.grid'), children: h.gridName },
          {
            key: 'where',
            label: t('web.homes.building'),
            children: [h.buildingName, h.unitName, h.roomNo].filter(Boolean).join(' · ') || empty,
          },
          { key: 'area', label: t('web.homes.area'), children: h.areaM2 !== null ? t('web.homes.areaValue', { area: h.areaM2 }) : empty },
          { key: 'use', label: t('web.homes.use'), children: codeLabel(t, 'homeUse', h.use) },
          { key: 'ownership', label: t('web.homes.ownership'), children: codeLabel(t, 'ownership', h.ownership) },
          {
            key: 'rented',
            label: t('web.homes.isRented'),
            children: h.isRented ? <Tag color="orange">{t('web.homes.rented')}</Tag> : t('web.common.no'),
          },
          { key: 'count', label: t('web.homes.residentCount'), children: h.residentCount },
        ]}
      />

      <h3 className="section-title">{t('web.homes.households')}</h3>
      {households.error ? <Alert type="error" showIcon title={errorText(locale, households.error)} /> : null}
      {households.data && households.data.items.length > 0 ? (
        <ul className="plain-list">
          {households.data.items.map((hh) => {
            const head = hh.members.find((m) => m.id === hh.headResidentId);
            return (
              <li key={hh.id}>
                <Link to={`/households/${encodeURIComponent(hh.id)}`} data-testid="home-household-link">
                  <TeamOutlined /> {t('web.homes.householdOf', { head: head?.name ?? empty, count: hh.members.length })}
                </Link>
              </li>
            );
          })}
        </ul>
      ) : households.loading ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <div className="empty-line">
          <span className="page-subtitle">{t('web.homes.noHousehold')}</span>
          {canUpdate && living.length > 0 ? (
            <Space.Compact>
              <Select
                placeholder={t('web.homes.chooseHead')}
                aria-label={t('web.homes.chooseHead')}
                value={headId ?? undefined}
                onChange={(id: string) => setHeadId(id)}
                options={living.map((r) => ({ value: r.id, label: r.name }))}
                style={{ minWidth: 140 }}
              />
              <Button type="primary" disabled={!headId} loading={creatingHousehold} onClick={makeHousehold}>
                {t('web.homes.createHousehold')}
              </Button>
            </Space.Compact>
          ) : null}
        </div>
      )}

      <h3 className="section-title">{t('web.homes.residents')}</h3>
      <Table<Resident>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={residents.data?.items ?? []}
        loading={residents.loading}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.homes.noResidents')} /> }}
        data-testid="home-residents"
      />

      <h3 className="section-title">{t('web.homes.tenancies')}</h3>
      <TenanciesTable homeId={h.id} reloadKey={tenancyKey} onChanged={home.reload} />

      <HomeFormModal
        open={dialog === 'edit'}
        root={root}
        home={h}
        onClose={() => setDialog(null)}
        onSaved={() => {
          setDialog(null);
          message.success(t('web.residents.saved'));
          home.reload();
          onChanged();
        }}
      />
      <ResidentFormModal
        open={dialog === 'resident'}
        root={root}
        initialHome={{ id: h.id, gridId: h.gridId, address: h.address }}
        onClose={() => setDialog(null)}
        onSaved={(resident) => {
          setDialog(null);
          message.success(t('web.residents.created', { name: resident.name }));
          residents.reload();
          households.reload();
          home.reload();
        }}
      />
      <CreateTenancyModal
        home={dialog === 'tenancy' ? h : null}
        onClose={() => setDialog(null)}
        onDone={(tenancy) => {
          setDialog(null);
          message.success(t('web.rentals.created', { tenant: tenancy.tenantName }));
          setTenancyKey((k) => k + 1);
          home.reload();
        }}
      />
    </div>
  );
}

/** A building: what it is and its units; homes are added from here. */
export function BuildingDetail({ building, onAddHome }: { building: Building; onAddHome: (unitId?: string) => void }) {
  const me = useMe();
  const { t } = useLocale();
  const empty = t('web.common.empty');
  return (
    <div data-testid="building-detail">
      <div className="detail-header">
        <h2 className="detail-title">{building.name}</h2>
        {me.permissions.includes('registry:write') && building.abilities.includes('update') ? (
          <Button icon={<PlusOutlined />} onClick={() => onAddHome()} data-testid="building-add-home">
            {t('web.homes.createHome')}
          </Button>
        ) : null}
      </div>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'grid', label: t('web.residents.grid'), children: building.gridName },
          { key: 'kind', label: t('web.homes.buildingKind'), children: codeLabel(t, 'buildingKind', building.kind) },
          { key: 'address', label: t('web.residents.address'), children: building.address ?? empty },
          { key: 'floors', label: t('web.homes.floors'), children: building.floors ?? empty },
          { key: 'units', label: t('web.homes.units'), children: building.units.map((u) => u.name).join(t('web.common.listSeparator')) || empty },
          { key: 'homes', label: t('web.homes.homeCount'), children: building.homeCount },
        ]}
      />
    </div>
  );
}
