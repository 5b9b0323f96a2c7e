import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { DepartmentView } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { createDepartment, listDepartments, setDepartmentMembers } from './stars.api.ts';

/** The city departments that review stars, and the department officers who review for each. */
export function DepartmentsTab() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const list = useAsync((signal) => listDepartments(signal), []);
  const [editing, setEditing] = useState<DepartmentView | null>(null);
  const [members, setMembers] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string; name: string }>();
  const canEdit = list.data?.abilities.includes('edit') ?? false;

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      message.success(t('web.stars.departments.saved'));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="star-departments-tab">
      {error || list.error ? <Alert type="error" showIcon title={errorText(locale, error ?? list.error)} style={{ marginBottom: 12 }} /> : null}
      {canEdit ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12 }}
          onFinish={(v) => void run(async () => void (await createDepartment(v), form.resetFields()))}
        >
          <Form.Item name="code" rules={[{ required: true }]}>
            <Input placeholder={t('web.stars.departments.code')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true }]}>
            <Input placeholder={t('web.stars.departments.name')} style={{ width: 200 }} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('web.stars.departments.add')}
          </Button>
        </Form>
      ) : null}
      <Table<DepartmentView>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('web.stars.departments.code'), dataIndex: 'code', render: (c: string) => <span className="mono">{c}</span> },
          { title: t('web.stars.departments.name'), dataIndex: 'name' },
          {
            title: t('web.stars.departments.members'),
            key: 'members',
            render: (_: unknown, d) => (
              <Space size={[4, 4]} wrap>
                {d.members.map((m) => (
                  <Tag key={m.userId}>
                    {m.displayName} ({m.username})
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('web.common.actions'),
            key: 'edit',
            render: (_: unknown, d) =>
              d.abilities.includes('editMembers') ? (
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(d);
                    setMembers(d.members.map((m) => m.userId));
                  }}
                >
                  {t('web.stars.departments.editMembers')}
                </Button>
              ) : null,
          },
        ]}
      />
      {editing ? (
        <Modal
          open
          title={`${t('web.stars.departments.editMembers')} · ${editing.name}`}
          onCancel={() => setEditing(null)}
          okButtonProps={{ loading: busy }}
          okText={t('web.common.save')}
          cancelText={t('web.common.cancel')}
          onOk={() => void run(async () => void (await setDepartmentMembers(editing.id, members), setEditing(null)))}
        >
          <p className="star-muted">{t('web.stars.departments.membersHint')}</p>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            value={members}
            onChange={setMembers}
            options={(list.data?.candidates ?? []).map((c) => ({ value: c.userId, label: `${c.displayName} (${c.username})` }))}
          />
        </Modal>
      ) : null}
    </div>
  );
}
