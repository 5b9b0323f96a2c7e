import { useState } from 'react';
import { App as AntApp, Alert, Button, Input, Popconfirm, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { User } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { listUsers, updateUser } from './users.api.ts';
import { CreateUserModal, EditUserModal, ResetPasswordModal } from './user-modals.tsx';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

export function UsersPage() {
  const me = useMe();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [query, setQuery] = useState({ q: '', page: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const users = useAsync((signal) => listUsers({ ...query, q: query.q || undefined }, signal), [query]);
  // Creating has no record to carry abilities: the list may say so, else the permission decides.
  const canCreate = users.data?.abilities?.includes('create') ?? me.permissions.includes('user:manage');

  const setStatus = async (user: User, status: User['status']) => {
    setBusyId(user.id);
    try {
      await updateUser(user.id, { status });
      message.success(t(status === 'disabled' ? 'web.users.disabled' : 'web.users.enabled', { name: user.displayName }));
      users.reload();
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t('web.users.username'), dataIndex: 'username', key: 'username' },
    { title: t('web.users.displayName'), dataIndex: 'displayName', key: 'displayName' },
    {
      title: t('web.users.status'),
      key: 'status',
      render: (_value, user) => (
        <Space size={4} wrap>
          <Tag color={user.status === 'active' ? 'green' : 'default'}>{t(`web.users.status.${user.status}`)}</Tag>
          {user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now() ? <Tag color="red">{t('web.users.locked')}</Tag> : null}
          {user.mustChangePassword ? <Tag color="orange">{t('web.users.mustChangePassword')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('web.users.lastLoginAt'),
      key: 'lastLoginAt',
      responsive: ['md'],
      render: (_value, user) => (user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('web.users.neverLoggedIn')),
    },
    {
      title: t('web.users.createdAt'),
      key: 'createdAt',
      responsive: ['lg'],
      render: (_value, user) => formatDateTime(user.createdAt),
    },
    {
      title: t('web.common.actions'),
      key: 'actions',
      render: (_value, user) => (
        <Space size={0} wrap>
          {user.abilities.includes('update') ? (
            <Button type="link" size="small" data-testid={`user-edit-${user.username}`} onClick={() => setDialog({ kind: 'edit', user })}>
              {t('web.common.edit')}
            </Button>
          ) : null}
          {user.abilities.includes('reset-password') ? (
            <Button type="link" size="small" data-testid={`user-reset-${user.username}`} onClick={() => setDialog({ kind: 'reset', user })}>
              {t('web.users.resetPassword')}
            </Button>
          ) : null}
          {user.abilities.includes('disable') ? (
            <Popconfirm title={t('web.users.disableConfirm', { name: user.displayName })} onConfirm={() => setStatus(user, 'disabled')}>
              <Button type="link" size="small" danger loading={busyId === user.id} data-testid={`user-disable-${user.username}`}>
                {t('web.users.disable')}
              </Button>
            </Popconfirm>
          ) : null}
          {user.abilities.includes('enable') ? (
            <Popconfirm title={t('web.users.enableConfirm', { name: user.displayName })} onConfirm={() => setStatus(user, 'active')}>
              <Button type="link" size="small" loading={busyId === user.id} data-testid={`user-enable-${user.username}`}>
                {t('web.users.enable')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <section aria-labelledby="users-title">
      <div className="page-header">
        <h1 id="users-title">{t('web.users.title')}</h1>
        {canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
            {t('web.users.create')}
          </Button>
        ) : null}
      </div>
      <div className="filter-bar">
        <Input.Search
          allowClear
          placeholder={t('web.users.searchPlaceholder')}
          aria-label={t('web.users.searchPlaceholder')}
          enterButton={t('web.common.search')}
          style={{ maxWidth: 360 }}
          data-testid="user-search"
          onSearch={(value) => setQuery((current) => ({ ...current, q: value.trim(), page: 1 }))}
        />
      </div>
      {users.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(locale, users.error)}
          action={<Button onClick={users.reload}>{t('web.common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<User>
        rowKey="id"
        size="middle"
        data-testid="users-table"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
        }}
        onChange={(pagination) =>
          setQuery((current) => ({
            ...current,
            page: pagination.current ?? 1,
            pageSize: pagination.pageSize ?? current.pageSize,
          }))
        }
      />
      <CreateUserModal
        open={dialog?.kind === 'create'}
        onClose={() => setDialog(null)}
        onCreated={(user) => {
          message.success(t('web.users.created', { name: user.displayName }));
          setDialog(null);
          users.reload();
        }}
      />
      <EditUserModal
        user={dialog?.kind === 'edit' ? dialog.user : null}
        onClose={() => setDialog(null)}
        onSaved={() => {
          message.success(t('web.users.updated'));
          setDialog(null);
          users.reload();
        }}
      />
      <ResetPasswordModal
        user={dialog?.kind === 'reset' ? dialog.user : null}
        onClose={() => setDialog(null)}
        onDone={(user) => {
          message.success(t('web.users.passwordReset', { name: user.displayName }));
          setDialog(null);
          users.reload();
        }}
      />
    </section>
  );
}
