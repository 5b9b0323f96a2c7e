import './service-hall.css';
import { useState } from 'react';
import { Alert, App as AntApp, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import type { ServiceItem } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { createServiceItem, listServiceItems, updateServiceItem, type ServiceItemInput } from './service-hall.api.ts';
import { ItemFlags } from './service-hall-bits.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; item: ServiceItem };
const FLAGS = ['agency', 'homeVisit', 'oneTrip', 'online'] as const;

/**
 * 服务事项目录 (the city's): what the hall does, who is responsible, what to bring, on what legal
 * basis and how long it may take. An item is never deleted — requests refer to it — only taken out
 * of service (inactive), which removes it from the window desk and the public pages.
 */
export function CatalogPage() {
  const { locale, t } = useLocale();
  const items = useAsync((signal) => listServiceItems(signal), []);
  const [editing, setEditing] = useState<Editing | null>(null);
  // The server answers whether the caller edits the catalog: every item carries the 'update' ability.
  const mayEdit = (items.data?.items ?? []).some((i) => i.abilities.includes('update'));

  return (
    <section aria-labelledby="catalog-title" data-testid="catalog-page">
      <div className="page-header">
        <div>
          <h1 id="catalog-title">{t('web.hall.catalog.title')}</h1>
          <p className="page-subtitle">{t('web.hall.catalog.subtitle')}</p>
        </div>
        {mayEdit ? (
          <Button type="primary" onClick={() => setEditing({ mode: 'create' })} data-testid="catalog-create">
            {t('web.hall.catalog.create')}
          </Button>
        ) : null}
      </div>
      {items.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(locale, items.error)}
          action={<Button onClick={items.reload}>{t('web.common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<ServiceItem>
        rowKey="id"
        size="small"
        loading={items.loading}
        dataSource={items.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="catalog-table"
        onRow={(item) => ({ 'data-code': item.code, 'data-active': String(item.active) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('web.hall.catalog.code'), dataIndex: 'code', className: 'mono' },
          { title: t('web.hall.catalog.name'), dataIndex: 'name' },
          { title: t('web.hall.catalog.category'), dataIndex: 'category' },
          { title: t('web.hall.catalog.department'), dataIndex: 'department' },
          { title: t('web.hall.catalog.limitDays'), dataIndex: 'limitDays' },
          { title: t('web.hall.catalog.responseDays'), dataIndex: 'responseDays' },
          { title: t('web.hall.catalog.flags'), key: 'flags', render: (_: unknown, item) => <ItemFlags item={item} /> },
          {
            title: t('web.hall.catalog.active'),
            dataIndex: 'active',
            render: (active: boolean) =>
              active ? <Tag color="green">{t('web.hall.catalog.inService')}</Tag> : <Tag>{t('web.hall.catalog.outOfService')}</Tag>,
          },
          {
            title: t('web.common.actions'),
            key: 'actions',
            render: (_: unknown, item) =>
              item.abilities.includes('update') ? (
                <Button size="small" onClick={() => setEditing({ mode: 'edit', item })} data-testid={`catalog-edit-${item.code}`}>
                  {t('web.common.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      {editing ? (
        <ItemModal
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            items.reload();
          }}
        />
      ) : null}
    </section>
  );
}

type Values = Omit<ServiceItemInput, 'legalBasis'> & { legalBasis?: string | null };

function ItemModal({ editing, onClose, onSaved }: { editing: Editing; onClose: () => void; onSaved: () => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const item = editing.mode === 'edit' ? editing.item : null;
  const initialValues: Partial<Values> = item
    ? { ...item, legalBasis: item.legalBasis ?? '' }
    : { materials: [], limitDays: 5, responseDays: 1, agency: false, homeVisit: false, oneTrip: false, online: false, active: true };

  const submit = async () => {
    const values = await form.validateFields();
    const body: ServiceItemInput = {
      code: values.code,
      name: values.name.trim(),
      category: values.category.trim(),
      department: values.department.trim(),
      materials: (values.materials ?? []).map((m) => m.trim()).filter(Boolean),
      legalBasis: values.legalBasis?.trim() || null,
      limitDays: values.limitDays,
      responseDays: values.responseDays,
      agency: !!values.agency,
      homeVisit: !!values.homeVisit,
      oneTrip: !!values.oneTrip,
      online: !!values.online,
      active: !!values.active,
    };
    setSaving(true);
    try {
      if (item) {
        const { code: _code, ...changes } = body;
        await updateServiceItem(item.id, changes);
      } else await createServiceItem(body);
      message.success(t('web.hall.catalog.saved'));
      onSaved();
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={item ? t('web.hall.catalog.editTitle', { name: item.name }) : t('web.hall.catalog.create')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'catalog-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="catalog-form">
        <Form.Item
          name="code"
          label={t('web.hall.catalog.code')}
          extra={item ? t('web.hall.catalog.codeFixed') : t('web.hall.catalog.codeHint')}
          rules={[requiredRule(t, 'web.hall.catalog.code'), { pattern: /^[A-Za-z0-9-]{2,32}$/, message: t('web.hall.catalog.codeHint') }]}
        >
          <Input disabled={!!item} maxLength={32} data-testid="catalog-code" />
        </Form.Item>
        <Form.Item name="name" label={t('web.hall.catalog.name')} rules={[requiredRule(t, 'web.hall.catalog.name')]}>
          <Input maxLength={100} data-testid="catalog-name" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="category" label={t('web.hall.catalog.category')} rules={[requiredRule(t, 'web.hall.catalog.category')]}>
            <Input maxLength={32} data-testid="catalog-category" />
          </Form.Item>
          <Form.Item name="department" label={t('web.hall.catalog.department')} rules={[requiredRule(t, 'web.hall.catalog.department')]}>
            <Input maxLength={64} data-testid="catalog-department" />
          </Form.Item>
        </Space>
        <Form.Item name="materials" label={t('web.hall.catalog.materials')} extra={t('web.hall.catalog.materialsHint')}>
          <Select mode="tags" open={false} tokenSeparators={['\n']} data-testid="catalog-materials" aria-label={t('web.hall.catalog.materials')} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('web.hall.catalog.legalBasis')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="catalog-legal-basis" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="limitDays" label={t('web.hall.catalog.limitDays')} rules={[{ required: true, type: 'integer', min: 0, max: 120 }]}>
            <InputNumber min={0} max={120} precision={0} data-testid="catalog-limit-days" />
          </Form.Item>
          <Form.Item name="responseDays" label={t('web.hall.catalog.responseDays')} rules={[{ required: true, type: 'integer', min: 0, max: 30 }]}>
            <InputNumber min={0} max={30} precision={0} data-testid="catalog-response-days" />
          </Form.Item>
        </Space>
        <Space wrap>
          {FLAGS.map((flag) => (
            <Form.Item key={flag} name={flag} valuePropName="checked" noStyle>
              <Checkbox data-testid={`catalog-flag-${flag}`}>{t(`web.hall.flag.${flag}`)}</Checkbox>
            </Form.Item>
          ))}
        </Space>
        <Form.Item
          name="active"
          valuePropName="checked"
          label={t('web.hall.catalog.active')}
          extra={t('web.hall.catalog.activeHint')}
          style={{ marginTop: 16 }}
        >
          <Switch data-testid="catalog-active" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
