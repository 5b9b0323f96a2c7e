import '../grid-tasks/grid-tasks.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Button, Card, Empty, Form, Input, Modal, Pagination, Progress, Tag } from 'antd';
import type { Notice } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { AttachmentUpload } from '../files/attachments.tsx';
import { acknowledgeNotice, listNotices, sendNotice } from './notices.api.ts';

const PAGE_SIZE = 20;

/** 紧急通知: the sender's side sees who has acknowledged; a grid worker sees what waits for them first, in red. */
export function NoticesPage({ mode }: { mode: 'sent' | 'mine' }) {
  const { locale, t } = useLocale();
  const [page, setPage] = useState(1);
  const [sending, setSending] = useState(false);
  const list = useAsync((signal) => listNotices({ page, pageSize: PAGE_SIZE }, signal), [page]);
  return (
    <section aria-labelledby="notices-title">
      <div className="page-header">
        <h1 id="notices-title">{t(mode === 'sent' ? 'web.notices.title' : 'web.notices.mineTitle')}</h1>
        {mode === 'sent' ? (
          <Button type="primary" danger onClick={() => setSending(true)} data-testid="notice-send-open">
            {t('web.notices.send')}
          </Button>
        ) : null}
      </div>
      {list.error ? <Empty description={errorText(locale, list.error)} /> : null}
      <div className="task-list" data-testid="notice-list">
        {list.data && list.data.items.length === 0 ? <Empty description={t('web.notices.none')} /> : null}
        {list.data?.items.map((n) => (
          <NoticeCard key={n.id} notice={n} onAcknowledged={list.reload} />
        ))}
      </div>
      {list.data && list.data.total > PAGE_SIZE ? <Pagination current={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} /> : null}
      {sending ? (
        <SendNoticeModal
          onClose={(sent) => {
            setSending(false);
            if (sent) list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

/** A notice as a card; one that waits for the caller's acknowledgement is red, with the button on it. */
export function NoticeCard({ notice, onAcknowledged }: { notice: Notice; onAcknowledged: () => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [saving, setSaving] = useState(false);
  const waiting = notice.abilities.includes('acknowledge');
  return (
    <Card
      size="small"
      className={waiting ? 'notice-pending' : undefined}
      title={<Link to={`/notices/${notice.id}`}>{notice.title}</Link>}
      extra={
        notice.isRecipient ? (
          notice.myAcknowledgedAt ? (
            <Tag color="green">{t('notice.state.acknowledged')}</Tag>
          ) : (
            <Tag color="red">{t('notice.state.waiting')}</Tag>
          )
        ) : null
      }
      data-testid="notice-card"
    >
      <p className="task-description">{notice.body}</p>
      <div className="task-meta">
        {notice.senderOrgName} · {formatDateTime(notice.createdAt)}
      </div>
      {!notice.isRecipient || notice.recipients > 1 ? (
        <Progress
          aria-label={t('web.notices.acknowledgedOf', { done: notice.acknowledged, total: notice.recipients })}
          percent={notice.recipients === 0 ? 0 : Math.round((notice.acknowledged * 100) / notice.recipients)}
          format={() => t('web.notices.acknowledgedOf', { done: notice.acknowledged, total: notice.recipients })}
        />
      ) : null}
      {waiting ? (
        <Button
          type="primary"
          danger
          block
          loading={saving}
          data-testid="notice-acknowledge"
          onClick={async () => {
            setSaving(true);
            try {
              await acknowledgeNotice(notice.id);
              message.success(t('web.notices.acknowledgedDone'));
              onAcknowledged();
            } catch (error) {
              message.error(errorText(locale, error));
            } finally {
              setSaving(false);
            }
          }}
        >
          {t('web.notices.acknowledge')}
        </Button>
      ) : null}
    </Card>
  );
}

function SendNoticeModal({ onClose }: { onClose: (sent: boolean) => void }) {
  const { locale, t } = useLocale();
  const { current } = useCurrentOrg();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ title: string; body: string; attachmentIds?: string[] }>();
  const [saving, setSaving] = useState(false);
  const canSend = !!current && ['township', 'community', 'village'].includes(current.kind);
  return (
    <Modal
      open
      title={t('web.notices.send')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, disabled: !canSend, danger: true, id: 'notice-send-ok' }}
      destroyOnHidden
    >
      {!canSend ? <Empty description={t('web.gridTasks.chooseSender')} /> : <p className="task-meta">{t('web.notices.to', { name: current.name })}</p>}
      <Form
        form={form}
        layout="vertical"
        disabled={!canSend}
        onFinish={async (v) => {
          if (!current) return;
          setSaving(true);
          try {
            const sent = await sendNotice({ orgId: current.id, title: v.title, body: v.body, attachmentIds: v.attachmentIds ?? [] });
            message.success(t('web.notices.sent', { n: sent.recipients }));
            onClose(true);
          } catch (error) {
            message.error(errorText(locale, error));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="title" label={t('web.notices.field.title')} rules={[requiredRule(t, 'web.notices.field.title')]}>
          <Input maxLength={100} data-testid="notice-title" />
        </Form.Item>
        <Form.Item name="body" label={t('web.notices.field.body')} rules={[requiredRule(t, 'web.notices.field.body')]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="notice-body" />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('web.files.attachments')}>
          <AttachmentUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}
