import './events.css';
import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { EVENT_CATEGORY_KINDS, LIMIT_UNITS, type EventCategory } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { createEventCategory, listEventCategories, updateEventCategory } from './events.api.ts';
import { limitText } from './events-bits.tsx';

type Row = EventCategory & { children?: Row[] };
const STEPS = ['registerLimit', 'dispatchLimit', 'handleLimit'] as const;

/** The city's code table of event categories (GB/T 30428): two levels, each with its step limits and closing condition. */
export function EventCategoriesPage() {
  const { locale, t } = useLocale();
  const list = useAsync((signal) => listEventCategories(signal), []);
  const [editing, setEditing] = useState<EventCategory | 'new' | null>(null);
  const items = list.data?.items ?? [];
  const tree: Row[] = items.filter((c) => c.level === 1).map((top) => ({ ...top, children: items.filter((c) => c.parentId === top.id) }));

  return (
    <section aria-labelledby="categories-title" data-testid="event-categories-page">
      <div className="page-header">
        <h1 id="categories-title">{t('web.events.categories.title')}</h1>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="category-add">
          {t('web.events.categories.add')}
        </Button>
      </div>
      {list.error ? <Alert type="error" showIcon title={errorText(locale, list.error)} /> : null}
      <Table<Row>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={tree}
        pagination={false}
        scroll={{ x: true }}
        expandable={{ defaultExpandAllRows: false }}
        columns={[
          { title: t('web.events.categories.kind'), dataIndex: 'kind', render: (k: string) => t(`web.events.kind.${k}`) },
          { title: t('web.events.categories.code'), dataIndex: 'code', render: (c: string) => <span className="mono">{c}</span> },
          { title: t('web.events.categories.name'), dataIndex: 'name' },
          ...STEPS.map((s) => ({ title: t(`web.events.categories.${s}`), key: s, render: (_: unknown, c: Row) => limitText(t, c[s]) })),
          { title: t('web.events.closingConditionLabel'), dataIndex: 'closingCondition', responsive: ['lg' as const] },
          {
            title: t('web.events.categories.active'),
            dataIndex: 'active',
            render: (a: boolean) =>
              a ? <Tag color="green">{t('web.events.categories.inService')}</Tag> : <Tag>{t('web.events.categories.outOfService')}</Tag>,
          },
          {
            title: t('web.common.actions'),
            key: 'edit',
            render: (_: unknown, c: Row) => (
              <Button size="small" onClick={() => setEditing(c)} data-testid={`category-edit-${c.kind}-${c.code}`}>
                {t('web.events.categories.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing ? (
        <CategoryModal
          category={editing === 'new' ? null : editing}
          tops={items.filter((c) => c.level === 1)}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function CategoryModal({
  category,
  tops,
  onClose,
  onSaved,
}: {
  category: EventCategory | null;
  tops: EventCategory[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form) as string | undefined;
  const hour = { value: 1, unit: 'working-hours' };
  const initial = category ?? {
    kind: 'event',
    parentId: null,
    registerLimit: hour,
    dispatchLimit: hour,
    handleLimit: { value: 1, unit: 'working-days' },
    active: true,
    sortOrder: 0,
  };

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (category) {
        const { name, registerLimit, dispatchLimit, handleLimit, closingCondition, active, sortOrder } = v;
        await updateEventCategory(category.id, { name, registerLimit, dispatchLimit, handleLimit, closingCondition, active, sortOrder });
      } else await createEventCategory({ ...v, parentId: v.parentId ?? null });
      message.success(t('web.events.categories.saved'));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(category ? 'web.events.categories.edit' : 'web.events.categories.add')}
      onOk={() => void save()}
      onCancel={onClose}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Space wrap>
          <Form.Item name="kind" label={t('web.events.categories.kind')} rules={[{ required: true }]}>
            <Select
              disabled={!!category}
              style={{ minWidth: 120 }}
              options={EVENT_CATEGORY_KINDS.map((k) => ({ value: k, label: t(`web.events.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="parentId" label={t('web.events.categories.parent')}>
            <Select
              allowClear
              disabled={!!category}
              style={{ minWidth: 180 }}
              placeholder={t('web.events.categories.topLevel')}
              options={tops.filter((c) => c.kind === kind).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
            />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('web.events.categories.code')}
            extra={t('web.events.categories.codeHint')}
            rules={[{ required: true, pattern: /^\d{2}(\d{2})?$/, message: t('web.events.categories.codeHint') }]}
          >
            <Input disabled={!!category} maxLength={4} style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t('web.events.categories.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={64} />
        </Form.Item>
        {STEPS.map((s) => (
          <Form.Item key={s} label={t(`web.events.categories.${s}`)} required>
            <Space.Compact>
              <Form.Item name={[s, 'value']} noStyle rules={[{ required: true }]}>
                <InputNumber min={0} max={720} />
              </Form.Item>
              <Form.Item name={[s, 'unit']} noStyle rules={[{ required: true }]}>
                <Select style={{ width: 120 }} options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`web.events.unit.${u}`) }))} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        ))}
        <Form.Item name="closingCondition" label={t('web.events.closingConditionLabel')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Space>
          <Form.Item name="sortOrder" label={t('web.events.categories.sortOrder')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          <Form.Item name="active" label={t('web.events.categories.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
