import './grid-tasks.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Button, Card, Empty, Form, Input, Modal, Pagination, Progress, Radio, Select, Space, Tag } from 'antd';
import type { GridTask } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { AttachmentUpload } from '../files/attachments.tsx';
import { chinaToday } from '../service-hall/service-hall.api.ts';
import { gridsBelow, listGridTasks, sendGridTask } from './grid-tasks.api.ts';

const PAGE_SIZE = 20;

/** 任务下沉: the sender's side lists what it sent with each task's progress; a grid worker what their grid has to do. */
export function GridTasksPage({ mode }: { mode: 'sent' | 'mine' }) {
  const { locale, t } = useLocale();
  const [page, setPage] = useState(1);
  const [pendingOnly, setPendingOnly] = useState(mode === 'mine');
  const [sending, setSending] = useState(false);
  const list = useAsync(
    (signal) => listGridTasks({ page, pageSize: PAGE_SIZE, ...(pendingOnly ? { pending: 'true' as const } : {}) }, signal),
    [page, pendingOnly],
  );
  return (
    <section aria-labelledby="tasks-title">
      <div className="page-header">
        <div>
          <h1 id="tasks-title">{t(mode === 'sent' ? 'web.gridTasks.title' : 'web.gridTasks.mineTitle')}</h1>
        </div>
        {mode === 'sent' ? (
          <Button type="primary" onClick={() => setSending(true)} data-testid="task-send-open">
            {t('web.gridTasks.send')}
          </Button>
        ) : (
          <Radio.Group value={pendingOnly} onChange={(e) => (setPendingOnly(e.target.value as boolean), setPage(1))} optionType="button">
            <Radio value={true}>{t('web.gridTasks.pendingOnly')}</Radio>
            <Radio value={false}>{t('web.gridTasks.all')}</Radio>
          </Radio.Group>
        )}
      </div>
      {list.error ? <Empty description={errorText(locale, list.error)} /> : null}
      <div className="task-list" data-testid="task-list">
        {list.data && list.data.items.length === 0 ? <Empty description={t('web.gridTasks.none')} /> : null}
        {list.data?.items.map((task) => (
          <TaskCard key={task.id} task={task} mode={mode} />
        ))}
      </div>
      {list.data && list.data.total > PAGE_SIZE ? <Pagination current={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} /> : null}
      {sending ? (
        <SendTaskModal
          onClose={(sent) => {
            setSending(false);
            if (sent) list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

export function TaskStateTags({ task }: { task: GridTask }) {
  const { t } = useLocale();
  return (
    <Space size={4} wrap>
      {task.state === 'closed' ? <Tag>{t('gridTask.state.closed')}</Tag> : <Tag color="blue">{t('gridTask.state.open')}</Tag>}
      {task.myState ? (
        <Tag color={task.myState === 'done' ? 'green' : 'orange'} data-testid="task-my-state">
          {t(`gridTask.target.${task.myState}`)}
        </Tag>
      ) : null}
      {task.progress.overdue > 0 && task.state === 'open' ? <Tag color="red">{t('web.gridTasks.overdue', { n: task.progress.overdue })}</Tag> : null}
    </Space>
  );
}

function TaskCard({ task, mode }: { task: GridTask; mode: 'sent' | 'mine' }) {
  const { t } = useLocale();
  return (
    <Card size="small" title={<Link to={`/grid-tasks/${task.id}`}>{task.title}</Link>} extra={<TaskStateTags task={task} />} data-testid="task-card">
      <div className="task-meta">
        {t('web.gridTasks.due', { date: task.dueDate })} · {task.senderOrgName}
      </div>
      {mode === 'sent' ? (
        <Progress
          aria-label={t('web.gridTasks.progress', { done: task.progress.done, total: task.progress.total })}
          percent={task.progress.percent}
          format={() => t('web.gridTasks.progress', { done: task.progress.done, total: task.progress.total })}
          status={task.state === 'closed' ? 'normal' : 'active'}
        />
      ) : null}
    </Card>
  );
}

type SendValues = {
  title: string;
  description: string;
  dueDate: string;
  admittedItemRef?: string;
  which: 'all' | 'some';
  gridIds?: string[];
  attachmentIds?: string[];
};

function SendTaskModal({ onClose }: { onClose: (sent: boolean) => void }) {
  const { locale, t } = useLocale();
  const { current } = useCurrentOrg();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<SendValues>();
  const [saving, setSaving] = useState(false);
  const which = Form.useWatch('which', form) ?? 'all';
  const canSend = !!current && ['township', 'community', 'village'].includes(current.kind);
  const grids = useAsync((signal) => (current && canSend ? gridsBelow(current, signal) : Promise.resolve([])), [current?.id]);

  const submit = async (v: SendValues) => {
    if (!current) return;
    setSaving(true);
    try {
      await sendGridTask({
        orgId: current.id,
        title: v.title,
        description: v.description,
        dueDate: v.dueDate,
        admittedItemRef: v.admittedItemRef?.trim() || null,
        gridIds: v.which === 'some' ? (v.gridIds ?? []) : null,
        attachmentIds: v.attachmentIds ?? [],
      });
      message.success(t('web.gridTasks.sent'));
      onClose(true);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('web.gridTasks.send')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, disabled: !canSend }}
      destroyOnHidden
    >
      {!canSend ? <Empty description={t('web.gridTasks.chooseSender')} /> : null}
      <p className="task-meta">{current ? t('web.gridTasks.from', { name: current.name }) : null}</p>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ which: 'all', dueDate: chinaToday() }} disabled={!canSend}>
        <Form.Item name="title" label={t('web.gridTasks.field.title')} rules={[requiredRule(t, 'web.gridTasks.field.title')]}>
          <Input maxLength={100} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="description" label={t('web.gridTasks.field.description')} rules={[requiredRule(t, 'web.gridTasks.field.description')]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="task-description" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('web.gridTasks.field.dueDate')} rules={[requiredRule(t, 'web.gridTasks.field.dueDate')]}>
          <Input type="date" min={chinaToday()} data-testid="task-due" />
        </Form.Item>
        <Form.Item name="admittedItemRef" label={t('web.gridTasks.field.admittedItemRef')} extra={t('web.gridTasks.field.admittedItemRefHelp')}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="which" label={t('web.gridTasks.field.grids')}>
          <Radio.Group>
            <Radio value="all">{t('web.gridTasks.allGrids', { n: grids.data?.length ?? 0 })}</Radio>
            <Radio value="some">{t('web.gridTasks.someGrids')}</Radio>
          </Radio.Group>
        </Form.Item>
        {which === 'some' ? (
          <Form.Item name="gridIds" rules={[requiredRule(t, 'web.gridTasks.field.grids', 'select')]}>
            <Select
              mode="multiple"
              loading={grids.loading}
              options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
              optionFilterProp="label"
              placeholder={t('web.gridTasks.field.grids')}
              aria-label={t('web.gridTasks.field.grids')}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="attachmentIds" label={t('web.files.attachments')}>
          <AttachmentUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}
