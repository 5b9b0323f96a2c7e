import './star-cycles.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App as AntApp, Button, Card, DatePicker, Empty, Form, InputNumber, Modal, Radio, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EntryProgress, PhaseSpan, StarCycleDetail, StarObjection } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageLoading } from '../../app/page-states.tsx';
import { CountsChart } from '../home/counts-chart.tsx';
import { answerObjection, approveEntry, displayCycle, getCycle, listObjections, movePhase } from './star-cycles.api.ts';
import { ReasonModal, StateTag } from './star-cycles-bits.tsx';
import { CycleResultsCard } from '../stars/cycle-results-card.tsx';

/**
 * A cycle's dashboard: the phase timeline (the city moves dates), progress per community (the
 * township opens its scoring sheets here, the city approves), distributions, objections, display.
 */
export function CyclePage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const loaded = useAsync((signal) => getCycle(id, signal), [id]);
  const [data, setData] = useState<StarCycleDetail | null>(null);
  const [moving, setMoving] = useState<PhaseSpan | null>(null);
  const [busy, setBusy] = useState(false);
  const d = data ?? loaded.data;
  if (loaded.error) return <Empty description={errorText(locale, loaded.error)} />;
  if (!d) return <PageLoading />;
  const refresh = async () => setData(await getCycle(id));
  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      await refresh();
      message.success(t(done));
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setBusy(false);
    }
  };
  const approved = d.progress.filter((p) => p.state === 'approved' || p.state === 'displayed').length;

  return (
    <section aria-labelledby="cycle-title">
      <div className="page-header">
        <div>
          <h1 id="cycle-title">{d.title}</h1>
          <Tag color="blue" data-testid="cycle-phase">
            {t(`web.stars.phase.${d.currentPhase}`)}
          </Tag>
        </div>
        {d.abilities.includes('display') ? (
          <Button type="primary" loading={busy} onClick={() => act(() => displayCycle(d.id), 'web.starCycles.displayed')} data-testid="cycle-display">
            {t('web.starCycles.display')}
          </Button>
        ) : null}
      </div>
      {approved > 0 ? <CycleResultsCard cycleId={d.id} /> : null}
      <Card size="small" title={t('web.starCycles.phases')} style={{ marginBottom: 16 }}>
        <Table<PhaseSpan>
          size="small"
          rowKey="phase"
          pagination={false}
          dataSource={d.phases}
          rowClassName={(p) => (p.phase === d.currentPhase ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('web.starCycles.col.phase'), render: (_, p) => t(`web.stars.phase.${p.phase}`) },
            { title: t('web.starCycles.col.startsOn'), dataIndex: 'startsOn' },
            { title: t('web.starCycles.col.endsOn'), render: (_, p) => p.endsOn ?? '—' },
            {
              title: '',
              render: (_, p) =>
                d.abilities.includes('move-phase') && p.phase !== 'display' ? (
                  <Button size="small" onClick={() => setMoving(p)} data-testid={`phase-edit-${p.phase}`}>
                    {t('web.starCycles.movePhase')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('web.starCycles.progress')} style={{ marginBottom: 16 }}>
        <Table<EntryProgress>
          size="small"
          rowKey="entryId"
          dataSource={d.progress}
          pagination={d.progress.length > 50 ? { pageSize: 50 } : false}
          onRow={(p) => ({ 'data-testid': 'entry-row', 'data-community': p.communityName }) as object}
          columns={[
            {
              title: t('web.starCycles.col.community'),
              render: (_, p) => (
                <Link to={`/star-cycles/${d.id}/entries/${p.communityId}`} data-testid="entry-open">
                  {p.communityName}
                </Link>
              ),
            },
            { title: t('web.starCycles.col.township'), dataIndex: 'townshipName' },
            { title: t('web.starCycles.col.state'), render: (_, p) => <StateTag state={p.state} /> },
            { title: t('web.starCycles.col.scored'), render: (_, p) => `${p.starsScored}/${d.stars.length}` },
            { title: t('web.starCycles.col.accepted'), dataIndex: 'starsAccepted' },
            { title: t('web.starCycles.col.returned'), render: (_, p) => (p.starsReturned > 0 ? <Tag color="red">{p.starsReturned}</Tag> : 0) },
            { title: t('web.starCycles.col.awarded'), render: (_, p) => p.awardedCount ?? '—' },
            { title: t('web.starCycles.col.level'), render: (_, p) => (p.level ? t(`web.stars.level.${p.level}`) : '—') },
            {
              title: '',
              render: (_, p) =>
                p.abilities.includes('approve') ? (
                  <Button
                    size="small"
                    type="primary"
                    loading={busy}
                    onClick={() => act(() => approveEntry(d.id, p.communityId), 'web.starCycles.approved')}
                    data-testid="entry-approve"
                  >
                    {t('web.starCycles.approve')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {approved > 0 ? (
        <div className="star-charts">
          <Card size="small" title={t('web.starCycles.awardedChart')}>
            <CountsChart
              ariaLabel={t('web.starCycles.awardedChart')}
              seriesName={t('web.starCycles.communities')}
              bars={d.awardedDistribution.map((b) => ({ label: t('web.starCycles.nStars', { n: b.count }), value: b.entries }))}
            />
          </Card>
          <Card size="small" title={t('web.starCycles.levelChart')}>
            <CountsChart
              ariaLabel={t('web.starCycles.levelChart')}
              seriesName={t('web.starCycles.communities')}
              bars={d.levelDistribution.map((b) => ({ label: t(`web.stars.level.${b.level}`), value: b.entries }))}
            />
          </Card>
        </div>
      ) : null}
      {d.abilities.includes('objections') ? <Objections cycleId={d.id} onChange={refresh} /> : null}
      {moving ? <MovePhaseModal cycle={d} phase={moving} onClose={() => setMoving(null)} onMoved={setData} /> : null}
    </section>
  );
}

function MovePhaseModal({
  cycle,
  phase,
  onClose,
  onMoved,
}: {
  cycle: StarCycleDetail;
  phase: PhaseSpan;
  onClose: () => void;
  onMoved: (c: StarCycleDetail) => void;
}) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ startsOn: Dayjs; endsOn?: Dayjs; noticeWorkingDays?: number }>();
  const notice = phase.phase === 'public-notice';
  return (
    <Modal
      open
      title={t('web.starCycles.movePhaseTitle', { phase: t(`web.stars.phase.${phase.phase}`) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ id: 'phase-move-ok' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ startsOn: dayjs(phase.startsOn), endsOn: phase.endsOn ? dayjs(phase.endsOn) : undefined, noticeWorkingDays: cycle.noticeWorkingDays }}
        onFinish={async (v) => {
          try {
            onMoved(
              await movePhase(cycle.id, phase.phase, {
                startsOn: v.startsOn.format('YYYY-MM-DD'),
                ...(notice ? { noticeWorkingDays: v.noticeWorkingDays } : v.endsOn ? { endsOn: v.endsOn.format('YYYY-MM-DD') } : {}),
              }),
            );
            onClose();
          } catch (error) {
            message.error(errorText(locale, error));
          }
        }}
      >
        <Form.Item name="startsOn" label={t('web.starCycles.col.startsOn')}>
          <DatePicker allowClear={false} />
        </Form.Item>
        {notice ? (
          <Form.Item name="noticeWorkingDays" label={t('web.starCycles.field.noticeWorkingDays')}>
            <InputNumber min={1} max={30} />
          </Form.Item>
        ) : (
          <Form.Item name="endsOn" label={t('web.starCycles.col.endsOn')}>
            <DatePicker />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function Objections({ cycleId, onChange }: { cycleId: string; onChange: () => Promise<void> }) {
  const { t } = useLocale();
  const list = useAsync((signal) => listObjections(cycleId, signal), [cycleId]);
  const [answering, setAnswering] = useState<StarObjection | null>(null);
  const [outcome, setOutcome] = useState<'dismissed' | 'upheld'>('dismissed');
  return (
    <Card size="small" title={t('web.starCycles.objections')}>
      <Table<StarObjection>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('web.starCycles.noObjections') }}
        onRow={() => ({ 'data-testid': 'objection-row' }) as object}
        columns={[
          { title: t('web.starCycles.col.community'), dataIndex: 'communityName' },
          { title: t('web.starCycles.col.star'), render: (_, o) => o.starName ?? t('web.starCycles.wholeEntry') },
          { title: t('web.starCycles.col.objection'), dataIndex: 'body' },
          { title: t('web.starCycles.col.contact'), render: (_, o) => o.contact ?? '—' },
          { title: t('web.starCycles.col.submittedAt'), render: (_, o) => formatDateTime(o.submittedAt) },
          {
            title: t('web.starCycles.col.answer'),
            render: (_, o) =>
              o.outcome ? (
                <span>
                  <Tag color={o.outcome === 'upheld' ? 'red' : 'default'}>{t(`web.starCycles.outcome.${o.outcome}`)}</Tag>
                  {o.answer}
                </span>
              ) : o.abilities.includes('answer') ? (
                <Space>
                  <Radio.Group
                    size="small"
                    value={answering?.id === o.id ? outcome : undefined}
                    onChange={(e) => (setOutcome(e.target.value as 'dismissed'), setAnswering(o))}
                  >
                    <Radio.Button value="dismissed">{t('web.starCycles.outcome.dismissed')}</Radio.Button>
                    <Radio.Button value="upheld">{t('web.starCycles.outcome.upheld')}</Radio.Button>
                  </Radio.Group>
                </Space>
              ) : null,
          },
        ]}
      />
      {answering ? (
        <ReasonModal
          title={t(`web.starCycles.outcome.${outcome}`)}
          onClose={() => setAnswering(null)}
          onSubmit={async (answer) => {
            await answerObjection(answering.id, { outcome, answer });
            list.reload();
            await onChange();
          }}
        />
      ) : null}
    </Card>
  );
}
