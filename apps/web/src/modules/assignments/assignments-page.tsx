import { useState } from 'react';
import { App as AntApp, Alert, Button, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Assignment } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { UserSelect } from '../users/user-select.tsx';
import { OrgTreeSelect } from '../orgs/org-tree-select.tsx';
import { OrgKindTag } from '../orgs/org-kind-tag.tsx';
import { listAssignments, revokeRole } from './assignments.api.ts';
import { GrantRoleModal } from './grant-role-modal.tsx';

type Filter = { userId?: string; orgId?: string; orgName?: string; page: number; pageSize: number };

/** Who holds which role where: listed by user or by node, granted and revoked here. */
export function AssignmentsPage() {
  const me = useMe();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<Filter>({ page: 1, pageSize: 20 });
  const [granting, setGranting] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const assignments = useAsync(
    (signal) => listAssignments({ userId: filter.userId, orgId: filter.orgId, page: filter.page, pageSize: filter.pageSize }, signal),
    [filter.userId, filter.orgId, filter.page, filter.pageSize],
  );
  const canGrant = assignments.data?.abilities?.includes('create') ?? me.permissions.includes('assignment:manage');

  const revoke = async (assignment: Assignment) => {
    setBusyId(assignment.id);
    try {
      await revokeRole(assignment.id);
      message.success(t('web.assignments.revoked'));
      assignments.reload();
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setBusyId(null);
    }
  };

  const period = (a: Assignment) => {
    if (!a.validFrom && !a.validTo) return t('web.assignments.unlimited');
    if (a.validFrom && a.validTo) return `${a.validFrom} ~ ${a.validTo}`;
    return a.validFrom ? t('web.assignments.since', { from: a.validFrom }) : t('web.assignments.until', { to: a.validTo ?? '' });
  };

  const columns: TableColumnsType<Assignment> = [
    {
      title: t('web.assignments.user'),
      key: 'user',
      render: (_value, a) => t('web.users.nameWithUsername', { name: a.displayName, username: a.username }),
    },
    { title: t('web.assignments.role'), key: 'role', render: (_value, a) => <Tag color="geekblue">{t(`role.${a.role}`)}</Tag> },
    {
      title: t('web.assignments.org'),
      key: 'org',
      render: (_value, a) => (
        <span className="org-option">
          {a.orgName}
          <OrgKindTag kind={a.orgKind} />
        </span>
      ),
    },
    { title: t('web.assignments.period'), key: 'period', render: (_value, a) => period(a) },
    {
      title: t('web.assignments.createdAt'),
      key: 'createdAt',
      responsive: ['lg'],
      render: (_value, a) => formatDateTime(a.createdAt),
    },
    {
      title: t('web.common.actions'),
      key: 'actions',
      render: (_value, a) =>
        a.abilities.includes('delete') ? (
          <Popconfirm
            title={t('web.assignments.revokeConfirm', { user: a.displayName, org: a.orgName, role: t(`role.${a.role}`) })}
            onConfirm={() => revoke(a)}
          >
            <Button type="link" size="small" danger loading={busyId === a.id} data-testid={`assignment-revoke-${a.id}`}>
              {t('web.assignments.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <section aria-labelledby="assignments-title">
      <div className="page-header">
        <h1 id="assignments-title">{t('web.assignments.title')}</h1>
        {canGrant ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting(true)} data-testid="assignment-grant">
            {t('web.assignments.grant')}
          </Button>
        ) : null}
      </div>
      <div className="filter-bar">
        <UserSelect
          allowClear
          aria-label={t('web.assignments.filterUser')}
          placeholder={t('web.assignments.filterUser')}
          data-testid="assignment-filter-user"
          style={{ width: 260 }}
          value={filter.userId ?? null}
          onChange={(userId) => setFilter((current) => ({ ...current, userId: userId ?? undefined, page: 1 }))}
        />
        <OrgTreeSelect
          allowClear
          aria-label={t('web.assignments.filterOrg')}
          placeholder={t('web.assignments.filterOrg')}
          data-testid="assignment-filter-org"
          style={{ width: 260 }}
          value={filter.orgId ?? null}
          valueLabel={filter.orgName}
          onChange={(orgId, node) => setFilter((current) => ({ ...current, orgId: orgId ?? undefined, orgName: node?.name, page: 1 }))}
        />
      </div>
      {assignments.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(locale, assignments.error)}
          action={<Button onClick={assignments.reload}>{t('web.common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<Assignment>
        rowKey="id"
        size="middle"
        data-testid="assignments-table"
        columns={columns}
        dataSource={assignments.data?.items ?? []}
        loading={assignments.loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: assignments.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
        }}
        onChange={(pagination) => setFilter((current) => ({ ...current, page: pagination.current ?? 1, pageSize: pagination.pageSize ?? current.pageSize }))}
      />
      <GrantRoleModal
        open={granting}
        initial={{ userId: filter.userId, orgId: filter.orgId, orgName: filter.orgName }}
        onClose={() => setGranting(false)}
        onGranted={() => {
          message.success(t('web.assignments.granted'));
          setGranting(false);
          assignments.reload();
        }}
      />
    </section>
  );
}
