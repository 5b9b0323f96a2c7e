import './star-cycles.css';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App as AntApp, Button, DatePicker, Empty, Form, Input, InputNumber, Modal, Table, Tag } from 'antd';
import type { StarCycleSummary } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useMe } from '../../app/auth-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { createCycle, listCycles } from './star-cycles.api.ts';

/** 星级评定: every annual cycle with its phase and the caller's communities by state; the city starts a new one. */
export function CyclesPage() {
  const { locale, t } = useLocale();
  const me = useMe();
  const list = useAsync((signal) => listCycles(signal), []);
  const [creating, setCreating] = useState(false);
  const mayCreate = me.permissions.includes('star:approve');
  return (
    <section aria-labelledby="cycles-title">
      <div className="page-header">
        <h1 id="cycles-title">{t('web.starCycles.title')}</h1>
        {mayCreate ? (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="cycle-create-open">
            {t('web.starCycles.create')}
          </Button>
        ) : null}
      </div>
      {list.error ? <Empty description={errorText(locale, list.error)} /> : null}
      <Table<StarCycleSummary>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        onRow={() => ({ 'data-testid': 'cycle-row' }) as object}
        columns={[
          { title: t('web.starCycles.col.year'), render: (_, c) => <Link to={`/star-cycles/${c.id}`}>{c.title}</Link> },
          { title: t('web.starCycles.col.phase'), render: (_, c) => <Tag color="blue">{t(`web.stars.phase.${c.currentPhase}`)}</Tag> },
          { title: t('web.starCycles.col.entries'), dataIndex: 'entries' },
          {
            title: t('web.starCycles.col.byState'),
            render: (_, c) =>
              Object.entries(c.byState)
                .filter(([, n]) => n > 0)
                .map(([s, n]) => `${t(`web.stars.entryState.${s}`)} ${n}`)
                .join(' · '),
          },
        ]}
      />
      {creating ? <CreateCycleModal onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

function CreateCycleModal({ onClose }: { onClose: () => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ year: number; title?: string; startsOn: { format(f: string): string }; noticeWorkingDays: number }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open
      title={t('web.starCycles.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, id: 'cycle-create-ok' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: new Date().getFullYear(), noticeWorkingDays: 5 }}
        onFinish={async (v) => {
          setSaving(true);
          try {
            const c = await createCycle({
              year: v.year,
              title: v.title || undefined,
              startsOn: v.startsOn.format('YYYY-MM-DD'),
              noticeWorkingDays: v.noticeWorkingDays,
            });
            navigate(`/star-cycles/${c.id}`);
          } catch (error) {
            message.error(errorText(locale, error));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="year" label={t('web.starCycles.field.year')} rules={[requiredRule(t, 'web.starCycles.field.year')]}>
          <InputNumber min={2000} max={2099} />
        </Form.Item>
        <Form.Item name="title" label={t('web.starCycles.field.title')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('web.starCycles.field.startsOn')} rules={[requiredRule(t, 'web.starCycles.field.startsOn', 'select')]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="noticeWorkingDays" label={t('web.starCycles.field.noticeWorkingDays')}>
          <InputNumber min={1} max={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
