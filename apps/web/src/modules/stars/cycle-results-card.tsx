import { Button, Card, Empty, Table, Tag } from 'antd';
import type { StarHonours } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { assessmentUrl, getHonours } from './stars.api.ts';

type Evaluation = StarHonours['evaluations'][number];

/** A cycle's results used: the communities recommended for and barred from each evaluation, and the cadres' assessment export. */
export function CycleResultsCard({ cycleId }: { cycleId: string }) {
  const { locale, t } = useLocale();
  const me = useMe();
  const honours = useAsync((signal) => getHonours(cycleId, signal), [cycleId]);
  const names = (list: Evaluation['recommended']) =>
    list.length === 0 ? '—' : list.map((c) => <Tag key={c.communityId}>{`${c.communityName}（${c.count}）`}</Tag>);
  return (
    <Card
      size="small"
      title={t('web.stars.results.title')}
      style={{ marginBottom: 16 }}
      extra={
        me.permissions.includes('star:export') ? (
          <Button href={assessmentUrl(cycleId)} data-testid="star-assessment-export">
            {t('web.stars.results.export')}
          </Button>
        ) : null
      }
    >
      {honours.error ? <Empty description={errorText(locale, honours.error)} /> : null}
      <Table<Evaluation>
        size="small"
        rowKey="code"
        pagination={false}
        loading={!honours.data && !honours.error}
        dataSource={honours.data?.evaluations ?? []}
        onRow={(e) => ({ 'data-testid': 'honour-row', 'data-honour': e.code }) as object}
        columns={[
          { title: t('web.stars.results.evaluation'), render: (_, e) => t(`web.stars.honour.${e.code}`) },
          { title: t('web.stars.results.recommended'), render: (_, e) => names(e.recommended) },
          { title: t('web.stars.results.barred'), render: (_, e) => names(e.barred) },
        ]}
      />
    </Card>
  );
}
