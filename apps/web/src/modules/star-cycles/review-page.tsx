import './star-cycles.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Button, Empty, Select, Space, Table, Tag } from 'antd';
import type { ReviewQueueItem } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { acceptStar, listCycles, returnStar, reviewQueue } from './star-cycles.api.ts';
import { ReasonModal } from './star-cycles-bits.tsx';

/** 部门复核验收: the stars of the caller's departments waiting for review, accepted or returned with a reason. */
export function ReviewPage() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const cycles = useAsync((signal) => listCycles(signal), []);
  const [picked, setPicked] = useState<string | null>(null);
  const items = cycles.data?.items ?? [];
  const cycleId = picked ?? items.find((c) => c.currentPhase === 'department-review')?.id ?? items[0]?.id ?? null;
  const queue = useAsync((signal) => (cycleId ? reviewQueue(cycleId, signal) : Promise.resolve({ items: [] })), [cycleId]);
  const [returning, setReturning] = useState<ReviewQueueItem | null>(null);
  const accept = async (i: ReviewQueueItem) => {
    try {
      await acceptStar(cycleId!, i.communityId, i.starCode);
      message.success(t('web.starCycles.accepted'));
      queue.reload();
    } catch (error) {
      message.error(errorText(locale, error));
    }
  };
  return (
    <section aria-labelledby="review-title">
      <div className="page-header">
        <h1 id="review-title">{t('web.starCycles.review.title')}</h1>
        <Select
          style={{ minWidth: 200 }}
          value={cycleId ?? undefined}
          onChange={setPicked}
          options={items.map((c) => ({ value: c.id, label: `${c.title} · ${t(`web.stars.phase.${c.currentPhase}`)}` }))}
          aria-label={t('web.starCycles.col.year')}
        />
      </div>
      {queue.error ? <Empty description={errorText(locale, queue.error)} /> : null}
      <Table<ReviewQueueItem>
        rowKey={(i) => `${i.entryId}:${i.starCode}`}
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('web.starCycles.review.none') }}
        onRow={(i) => ({ 'data-testid': 'review-row', 'data-community': i.communityName }) as object}
        columns={[
          {
            title: t('web.starCycles.col.community'),
            render: (_, i) => <Link to={`/star-cycles/${cycleId}/entries/${i.communityId}`}>{i.communityName}</Link>,
          },
          { title: t('web.starCycles.col.star'), dataIndex: 'starName' },
          {
            title: t('web.starCycles.col.score'),
            render: (_, i) => <Tag color={i.score !== null && i.score >= i.passMark ? 'green' : 'orange'}>{i.score ?? '—'}</Tag>,
          },
          { title: t('web.starCycles.col.passMark'), dataIndex: 'passMark' },
          {
            title: '',
            render: (_, i) => (
              <Space>
                {i.abilities.includes('accept') ? (
                  <Button size="small" type="primary" onClick={() => accept(i)} data-testid="review-accept">
                    {t('web.starCycles.review.accept')}
                  </Button>
                ) : null}
                {i.abilities.includes('return') ? (
                  <Button size="small" danger onClick={() => setReturning(i)} data-testid="review-return">
                    {t('web.starCycles.review.returnButton')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {returning ? (
        <ReasonModal
          title={t('web.starCycles.review.return', { star: returning.starName })}
          onClose={() => setReturning(null)}
          onSubmit={async (reason) => {
            await returnStar(cycleId!, returning.communityId, returning.starCode, reason);
            queue.reload();
          }}
        />
      ) : null}
    </section>
  );
}
