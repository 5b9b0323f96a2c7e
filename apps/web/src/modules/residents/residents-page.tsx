import './registry.css';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App as AntApp, Alert, Button, Card, Empty, Grid, Input, InputNumber, Pagination, Select, Space, Spin, Table, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { RESIDENT_STATUSES } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { OrgSubtreeSelect } from './org-subtree-select.tsx';
import { codeLabel, tagLabel } from './registry-labels.ts';
import { listResidents, residentsExportUrl, type ResidentQuery } from './residents.api.ts';
import { ResidentDrawer } from './resident-drawer.tsx';
import { ResidentFormModal } from './resident-form-modal.tsx';
import { ResidentStatusTag, ResidentTags } from './resident-bits.tsx';
import type { Resident, ResidentStatus } from './registry-types.ts';
import { useTags } from './use-tags.ts';

/** The residents page works on the node chosen in the header; it waits until there is one. */
export function ResidentsPage() {
  const { current } = useCurrentOrg();
  const { t } = useLocale();
  if (!current) {
    return (
      <section aria-labelledby="residents-title">
        <div className="page-header">
          <h1 id="residents-title">{t('web.residents.title')}</h1>
        </div>
        <Empty description={t('web.home.chooseNode')} />
      </section>
    );
  }
  return <ResidentsOfNode key={current.id} root={current} />;
}

type Filters = Omit<ResidentQuery, 'page' | 'pageSize' | 'orgId'> & { gridId?: string };
const ALL = 'all';

function ResidentsOfNode({ root }: { root: OrgRef }) {
  const me = useMe();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const asCards = !(screens.md ?? true);
  const tags = useTags();
  const [searchParams, setSearchParams] = useSearchParams();
  const openId = searchParams.get('resident');
  const [filters, setFilters] = useState<Filters>({ status: 'living' });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [searchText, setSearchText] = useState('');
  const [creating, setCreating] = useState(false);

  const { gridId, ...rest } = filters;
  const query: ResidentQuery = { ...rest, orgId: gridId ?? root.id, ...paging };
  const residents = useAsync((signal) => listResidents(query, signal), [JSON.stringify(query)]);
  // A search that matched more than the server counts says so instead of a number.
  const showTotal = (total: number) => t(residents.data?.totalCapped ? 'web.common.totalCapped' : 'web.common.total', { total });
  const canCreate = me.permissions.includes('registry:write');
  const canExport = me.permissions.includes('registry:export');

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPaging((current) => ({ ...current, page: 1 }));
  };
  const open = (id: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (id) next.set('resident', id);
    else next.delete('resident');
    setSearchParams(next);
  };

  const columns: TableColumnsType<Resident> = [
    {
      title: t('web.residents.name'),
      key: 'name',
      fixed: 'left',
      render: (_value, r) => (
        <Button
          type="link"
          className="cell-link"
          onClick={(event) => {
            event.stopPropagation();
            open(r.id);
          }}
          data-testid="resident-name"
        >
          {r.name}
        </Button>
      ),
    },
    { title: t('web.residents.gender'), key: 'gender', render: (_value, r) => codeLabel(t, 'gender', r.gender) },
    { title: t('web.residents.age'), key: 'age', render: (_value, r) => r.age ?? t('web.common.empty') },
    {
      title: t('web.residents.field.idNumber'),
      key: 'idNumber',
      render: (_value, r) => <span className="mono">{r.idNumberMasked ?? t('web.common.empty')}</span>,
    },
    { title: t('web.residents.field.phone'), key: 'phone', render: (_value, r) => <span className="mono">{r.phoneMasked ?? t('web.common.empty')}</span> },
    { title: t('web.residents.grid'), key: 'grid', responsive: ['lg'], render: (_value, r) => r.gridName },
    { title: t('web.residents.address'), key: 'address', render: (_value, r) => r.address ?? t('web.common.empty') },
    { title: t('web.residents.tags'), key: 'tags', render: (_value, r) => (r.tags.length ? <ResidentTags codes={r.tags} /> : null) },
    { title: t('web.residents.status'), key: 'status', render: (_value, r) => <ResidentStatusTag status={r.status} /> },
  ];

  const exportQuery = { ...rest, orgId: gridId ?? root.id };
  const items = residents.data?.items ?? [];

  return (
    <section aria-labelledby="residents-title">
      <div className="page-header">
        <div>
          <h1 id="residents-title">{t('web.residents.title')}</h1>
          <p className="page-subtitle">{t('web.registry.withinNode', { name: root.name })}</p>
        </div>
        <Space wrap>
          {canExport ? (
            <Button icon={<DownloadOutlined />} href={residentsExportUrl(exportQuery)} download data-testid="residents-export">
              {t('web.residents.export')}
            </Button>
          ) : null}
          {canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="resident-create">
              {t('web.residents.create')}
            </Button>
          ) : null}
        </Space>
      </div>

      <div className="registry-search">
        <Input.Search
          allowClear
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          placeholder={t('web.residents.searchPlaceholder')}
          aria-label={t('web.residents.searchLabel')}
          aria-describedby="residents-search-hint"
          enterButton={t('web.common.search')}
          data-testid="resident-search"
          onSearch={(value) => setFilter({ q: value.trim() || undefined })}
        />
        <p id="residents-search-hint" className="field-hint">
          {t('web.residents.searchHint')}
        </p>
      </div>
      <div className="filter-bar registry-filters" role="group" aria-label={t('web.registry.filters')}>
        <Select
          allowClear
          placeholder={t('web.residents.filterTag')}
          aria-label={t('web.residents.filterTag')}
          value={filters.tag}
          onChange={(tag?: string) => setFilter({ tag })}
          showSearch={{ optionFilterProp: 'label' }}
          options={(tags ?? []).map((tag) => ({ value: tag.code, label: tagLabel(locale, tags, tag.code) }))}
          data-testid="resident-filter-tag"
        />
        <Select
          aria-label={t('web.residents.status')}
          value={filters.status ?? ALL}
          onChange={(status: string) => setFilter({ status: status === ALL ? undefined : (status as ResidentStatus) })}
          options={[
            ...RESIDENT_STATUSES.map((status) => ({ value: status, label: codeLabel(t, 'status', status) })),
            { value: ALL, label: t('web.residents.allStatuses') },
          ]}
          data-testid="resident-filter-status"
        />
        <Space.Compact className="age-range">
          <InputNumber
            min={0}
            max={150}
            precision={0}
            placeholder={t('web.residents.minAge')}
            aria-label={t('web.residents.minAge')}
            value={filters.minAge ?? null}
            onChange={(value) => setFilter({ minAge: value ?? undefined })}
            data-testid="resident-filter-min-age"
          />
          <InputNumber
            min={0}
            max={150}
            precision={0}
            placeholder={t('web.residents.maxAge')}
            aria-label={t('web.residents.maxAge')}
            value={filters.maxAge ?? null}
            onChange={(value) => setFilter({ maxAge: value ?? undefined })}
            data-testid="resident-filter-max-age"
          />
        </Space.Compact>
        {root.kind !== 'grid' ? (
          <OrgSubtreeSelect
            root={root}
            allowClear
            value={gridId ?? null}
            onChange={(id) => setFilter({ gridId: id && id !== root.id ? id : undefined })}
            placeholder={t('web.residents.filterGrid')}
            aria-label={t('web.residents.filterGrid')}
            data-testid="resident-filter-grid"
          />
        ) : null}
        <Button
          onClick={() => {
            setSearchText('');
            setFilters({ status: 'living' });
            setPaging((current) => ({ ...current, page: 1 }));
          }}
        >
          {t('web.common.reset')}
        </Button>
      </div>

      {residents.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(locale, residents.error)}
          action={<Button onClick={residents.reload}>{t('web.common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : null}

      {asCards ? (
        <Spin spinning={residents.loading}>
          {items.length === 0 && !residents.loading ? (
            <Empty description={t('web.residents.none')} />
          ) : (
            <ul className="resident-cards" data-testid="resident-cards" aria-label={t('web.residents.title')}>
              {items.map((r) => (
                <li key={r.id}>
                  <Card size="small" hoverable onClick={() => open(r.id)} className="resident-card" data-testid="resident-card">
                    <div className="resident-card-head">
                      <Button
                        type="link"
                        className="cell-link resident-card-name"
                        onClick={(event) => {
                          event.stopPropagation();
                          open(r.id);
                        }}
                      >
                        {r.name}
                      </Button>
                      <span className="page-subtitle">
                        {[codeLabel(t, 'gender', r.gender), r.age !== null ? t('web.residents.ageYears', { age: r.age }) : null].filter(Boolean).join(' · ')}
                      </span>
                      <ResidentStatusTag status={r.status} />
                    </div>
                    <div className="resident-card-line">{r.address ?? r.gridName}</div>
                    <div className="resident-card-line mono">
                      {r.idNumberMasked ?? t('web.common.empty')}
                      {r.phoneMasked ? ` · ${r.phoneMasked}` : ''}
                    </div>
                    {r.tags.length ? <ResidentTags codes={r.tags} /> : null}
                  </Card>
                </li>
              ))}
            </ul>
          )}
          <Pagination
            simple
            align="center"
            current={paging.page}
            pageSize={paging.pageSize}
            total={residents.data?.total ?? 0}
            onChange={(page) => setPaging((current) => ({ ...current, page }))}
            showTotal={showTotal}
          />
        </Spin>
      ) : (
        <Table<Resident>
          rowKey="id"
          size="middle"
          data-testid="residents-table"
          columns={columns}
          dataSource={items}
          loading={residents.loading}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ onClick: () => open(r.id), className: 'clickable-row' })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.residents.none')} /> }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: residents.data?.total ?? 0,
            showSizeChanger: true,
            showTotal,
          }}
          onChange={(pagination) => setPaging((current) => ({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? current.pageSize }))}
        />
      )}

      <ResidentDrawer residentId={openId} root={root} onClose={() => open(null)} onChanged={residents.reload} />
      <ResidentFormModal
        open={creating}
        root={root}
        onClose={() => setCreating(false)}
        onSaved={(resident) => {
          setCreating(false);
          message.success(t('web.residents.created', { name: resident.name }));
          residents.reload();
          open(resident.id);
        }}
      />
    </section>
  );
}
