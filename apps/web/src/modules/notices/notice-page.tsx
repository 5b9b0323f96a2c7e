import '../grid-tasks/grid-tasks.css';
import { useParams } from 'react-router';
import { Card, Empty, List, Tag } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageLoading } from '../../app/page-states.tsx';
import { AttachmentList } from '../files/attachments.tsx';
import { getNotice } from './notices.api.ts';
import { NoticeCard } from './notices-page.tsx';

/** One notice: its text and attachments; the sender's side sees every grid worker, who has not acknowledged first. */
export function NoticePage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const notice = useAsync((signal) => getNotice(id, signal), [id]);
  if (notice.error) return <Empty description={errorText(locale, notice.error)} />;
  const d = notice.data;
  if (!d) return <PageLoading />;
  const waiting = d.recipientList.filter((r) => r.acknowledgedAt === null).length;
  return (
    <section aria-labelledby="notice-title">
      <h1 id="notice-title">{t('web.notices.detail')}</h1>
      <NoticeCard notice={d} onAcknowledged={notice.reload} />
      <AttachmentList files={d.attachments} />
      {d.isRecipient && d.recipientList.length <= 1 ? null : (
        <Card size="small" title={t('web.notices.recipients', { waiting, total: d.recipients })} style={{ marginTop: 16 }}>
          <List
            data-testid="notice-recipients"
            dataSource={d.recipientList}
            renderItem={(r) => (
              <List.Item data-testid="notice-recipient">
                <List.Item.Meta title={r.displayName} description={r.gridName} />
                {r.acknowledgedAt ? (
                  <Tag color="green">{t('web.notices.acknowledgedAt', { at: formatDateTime(r.acknowledgedAt) })}</Tag>
                ) : (
                  <Tag color="red">{t('notice.state.waiting')}</Tag>
                )}
              </List.Item>
            )}
          />
        </Card>
      )}
    </section>
  );
}
