import './grid-tasks.css';
import { useState } from 'react';
import { useParams } from 'react-router';
import { App as AntApp, Button, Card, Descriptions, Empty, Form, Input, Modal, Progress, Space, Tag } from 'antd';
import type { GridTaskDetail, GridTaskTarget } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { PageLoading } from '../../app/page-states.tsx';
import { AttachmentList, AttachmentUpload } from '../files/attachments.tsx';
import { closeGridTask, getGridTask, reportGridTask, returnGridTask } from './grid-tasks.api.ts';
import { TaskStateTags } from './grid-tasks-page.tsx';

/** One task: what to do, its attachments, and each grid's part — reported with a note and photos, or still pending. */
export function GridTaskPage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const { message, modal } = AntApp.useApp();
  const task = useAsync((signal) => getGridTask(id, signal), [id]);
  const [reporting, setReporting] = useState<GridTaskTarget | null>(null);
  const [returning, setReturning] = useState<GridTaskTarget | null>(null);
  const [data, setData] = useState<GridTaskDetail | null>(null);
  const d = data ?? task.data;
  if (task.error) return <Empty description={errorText(locale, task.error)} />;
  if (!d) return <PageLoading />;

  const close = () =>
    modal.confirm({
      title: t('web.gridTasks.closeConfirm'),
      onOk: async () => {
        try {
          setData(await closeGridTask(d.id));
        } catch (error) {
          message.error(errorText(locale, error));
        }
      },
    });

  return (
    <section aria-labelledby="task-title">
      <div className="page-header">
        <div>
          <h1 id="task-title">{d.title}</h1>
          <TaskStateTags task={d} />
        </div>
        {d.abilities.includes('close') ? (
          <Button onClick={close} data-testid="task-close">
            {t('web.gridTasks.close')}
          </Button>
        ) : null}
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('web.gridTasks.field.dueDate')}>{d.dueDate}</Descriptions.Item>
          <Descriptions.Item label={t('web.gridTasks.sender')}>
            {d.senderOrgName} · {d.createdByName} · {formatDateTime(d.createdAt)}
          </Descriptions.Item>
          {d.admittedItemRef ? <Descriptions.Item label={t('web.gridTasks.field.admittedItemRef')}>{d.admittedItemRef}</Descriptions.Item> : null}
        </Descriptions>
        <p className="task-description">{d.description}</p>
        <AttachmentList files={d.attachments} />
        <Progress
          percent={d.progress.percent}
          aria-label={t('web.gridTasks.progress', { done: d.progress.done, total: d.progress.total })}
          format={() => t('web.gridTasks.progress', { done: d.progress.done, total: d.progress.total })}
        />
      </Card>
      <h2>{t('web.gridTasks.byGrid')}</h2>
      <div data-testid="task-grids">
        {d.targets.map((g) => (
          <Card
            key={g.id}
            size="small"
            className="task-grid-card"
            title={g.gridName}
            extra={<Tag color={g.state === 'done' ? 'green' : 'orange'}>{t(`gridTask.target.${g.state}`)}</Tag>}
            data-testid="task-grid"
          >
            {g.returnedReason && g.state === 'pending' ? <p className="task-meta">{t('web.gridTasks.returned', { reason: g.returnedReason })}</p> : null}
            {g.note ? <p className="task-description">{g.note}</p> : null}
            {g.reportedAt ? (
              <p className="task-meta">{t('web.gridTasks.reportedBy', { name: g.reportedByName ?? '', at: formatDateTime(g.reportedAt) })}</p>
            ) : null}
            <AttachmentList files={g.photos} />
            <Space className="task-actions" wrap style={{ marginTop: 8, width: '100%' }}>
              {g.abilities.includes('report') ? (
                <Button type="primary" onClick={() => setReporting(g)} data-testid="task-report-open">
                  {t('web.gridTasks.report')}
                </Button>
              ) : null}
              {g.abilities.includes('return') ? <Button onClick={() => setReturning(g)}>{t('web.gridTasks.return')}</Button> : null}
            </Space>
          </Card>
        ))}
      </div>
      {reporting ? (
        <StepModal
          title={t('web.gridTasks.report')}
          field="note"
          withPhotos
          onClose={() => setReporting(null)}
          onSubmit={async (v) => setData(await reportGridTask(d.id, { gridId: reporting.gridId, note: v.text, photoIds: v.photoIds }))}
        />
      ) : null}
      {returning ? (
        <StepModal
          title={t('web.gridTasks.return')}
          field="reason"
          onClose={() => setReturning(null)}
          onSubmit={async (v) => setData(await returnGridTask(d.id, { gridId: returning.gridId, reason: v.text }))}
        />
      ) : null}
    </section>
  );
}

function StepModal({
  title,
  field,
  withPhotos = false,
  onClose,
  onSubmit,
}: {
  title: string;
  field: 'note' | 'reason';
  withPhotos?: boolean;
  onClose: () => void;
  onSubmit: (v: { text: string; photoIds: string[] }) => Promise<void>;
}) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ text: string; photoIds?: string[] }>();
  const [saving, setSaving] = useState(false);
  const label = `web.gridTasks.field.${field}`;
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: saving, id: 'task-step-ok' }} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setSaving(true);
          try {
            await onSubmit({ text: v.text, photoIds: v.photoIds ?? [] });
            onClose();
          } catch (error) {
            message.error(errorText(locale, error));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="text" label={t(label)} rules={[requiredRule(t, label)]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="task-step-text" />
        </Form.Item>
        {withPhotos ? (
          <Form.Item name="photoIds" label={t('web.files.photos')}>
            <AttachmentUpload />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
