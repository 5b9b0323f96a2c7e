import './star-cycles.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Space, Table, Tag, Timeline } from 'antd';
import type { EntryStar, StarEntryDetail } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageLoading } from '../../app/page-states.tsx';
import { AttachmentList, AttachmentUpload } from '../files/attachments.tsx';
import {
  acceptStar,
  approveEntry,
  getEntry,
  returnStar,
  saveScores,
  saveSelfAssessment,
  submitScores,
  submitSelfAssessment,
  type ScoreStar,
  type SelfStar,
} from './star-cycles.api.ts';
import { ReasonModal, StateTag } from './star-cycles-bits.tsx';

type StarValues = {
  self?: Record<string, number | null>;
  selfNote?: string;
  links?: { label: string; url: string }[];
  attachmentIds?: string[];
  town?: Record<string, number | null>;
  townNote?: string;
};
type Values = { stars: Record<string, StarValues> };

const defined = (o: Record<string, number | null | undefined> = {}) =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number'));

function initialValues(d: StarEntryDetail): Values {
  return {
    stars: Object.fromEntries(
      d.stars.map((s) => [
        s.definition.code,
        {
          self: Object.fromEntries(s.indicators.map((i) => [i.code, i.selfScore])),
          selfNote: s.selfNote ?? '',
          links: s.evidenceLinks,
          attachmentIds: [],
          town: Object.fromEntries(s.indicators.map((i) => [i.code, i.townshipScore])),
          townNote: s.townshipNote ?? '',
        },
      ]),
    ),
  };
}

/**
 * One community's evaluation: the community's self-assessment, the township's scoring sheet, the
 * departments' review and the city's approval on one page — the inputs open by the abilities.
 */
export function EntryPage() {
  const { id = '', communityId = '' } = useParams();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const loaded = useAsync((signal) => getEntry(id, communityId, signal), [id, communityId]);
  const [data, setData] = useState<StarEntryDetail | null>(null);
  const [version, setVersion] = useState(0);
  const [returning, setReturning] = useState<EntryStar | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const d = data ?? loaded.data;
  if (loaded.error) return <Empty description={errorText(locale, loaded.error)} />;
  if (!d) return <PageLoading />;

  const selfMode = d.abilities.includes('self-assess');
  const scoreMode = d.abilities.includes('score');
  const run = async (action: () => Promise<StarEntryDetail>, done?: string) => {
    setBusy(true);
    try {
      setData(await action());
      setVersion((v) => v + 1);
      if (done) message.success(t(done));
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setBusy(false);
    }
  };
  const values = () => form.getFieldsValue(true) as Values;
  const selfStars = (): SelfStar[] =>
    d.stars.map((s) => {
      const v = values().stars[s.definition.code] ?? {};
      return {
        starCode: s.definition.code,
        selfScores: defined(v.self),
        note: v.selfNote ?? '',
        evidenceLinks: (v.links ?? []).filter((l) => l?.label && l?.url),
        attachmentIds: v.attachmentIds ?? [],
      };
    });
  const scoreStars = (codes: string[]): ScoreStar[] =>
    codes.map((code) => {
      const v = values().stars[code] ?? {};
      return { starCode: code, scores: defined(v.town), note: v.townNote ?? '' };
    });

  return (
    <section aria-labelledby="entry-title">
      <div className="page-header">
        <div>
          <h1 id="entry-title">{t('web.starCycles.entry.title', { community: d.communityName, year: d.year })}</h1>
          <Space wrap>
            <StateTag state={d.state} />
            <Tag>{t(`web.stars.phase.${d.currentPhase}`)}</Tag>
            {d.level ? <Tag color="gold">{t(`web.stars.level.${d.level}`)}</Tag> : null}
          </Space>
        </div>
        <Space wrap>
          <Link to={`/star-cycles/${d.cycleId}`}>
            <Button>{t('web.starCycles.entry.back')}</Button>
          </Link>
          {selfMode ? (
            <>
              <Button
                loading={busy}
                onClick={() => run(() => saveSelfAssessment(d.cycleId, d.communityId, selfStars()), 'web.starCycles.saved')}
                data-testid="self-save"
              >
                {t('web.starCycles.entry.saveSelf')}
              </Button>
              <Button
                type="primary"
                loading={busy}
                onClick={() =>
                  run(async () => {
                    await saveSelfAssessment(d.cycleId, d.communityId, selfStars());
                    return submitSelfAssessment(d.cycleId, d.communityId);
                  }, 'web.starCycles.submitted')
                }
                data-testid="self-submit"
              >
                {t('web.starCycles.entry.submitSelf')}
              </Button>
            </>
          ) : null}
          {scoreMode ? (
            <>
              <Button
                loading={busy}
                onClick={() => run(() => saveScores(d.cycleId, d.communityId, scoreStars(d.stars.map((s) => s.definition.code))), 'web.starCycles.saved')}
                data-testid="scores-save"
              >
                {t('web.starCycles.entry.saveScores')}
              </Button>
              <Button
                type="primary"
                loading={busy}
                onClick={() =>
                  run(async () => {
                    await saveScores(d.cycleId, d.communityId, scoreStars(d.stars.map((s) => s.definition.code)));
                    return submitScores(d.cycleId, d.communityId);
                  }, 'web.starCycles.submitted')
                }
                data-testid="scores-submit"
              >
                {t('web.starCycles.entry.submitScores')}
              </Button>
            </>
          ) : null}
          {d.abilities.includes('approve') ? (
            <Button
              type="primary"
              loading={busy}
              onClick={() => run(() => approveEntry(d.cycleId, d.communityId), 'web.starCycles.approved')}
              data-testid="entry-approve"
            >
              {t('web.starCycles.approve')}
            </Button>
          ) : null}
        </Space>
      </div>
      {d.awarded ? (
        <Alert
          type="success"
          style={{ marginBottom: 16 }}
          message={t('web.starCycles.entry.awarded', {
            stars: d.awarded.map((c) => d.stars.find((s) => s.definition.code === c)?.definition.name ?? c).join('、') || t('web.starCycles.none'),
          })}
        />
      ) : null}
      <Form key={version} form={form} initialValues={initialValues(d)} layout="vertical" component="div">
        {d.stars.map((s) => (
          <StarCard
            key={s.id}
            star={s}
            selfMode={selfMode}
            scoreMode={scoreMode || s.abilities.includes('rescore')}
            busy={busy}
            onAccept={() => run(() => acceptStar(d.cycleId, d.communityId, s.definition.code), 'web.starCycles.accepted')}
            onReturn={() => setReturning(s)}
            onRescore={() => run(() => saveScores(d.cycleId, d.communityId, scoreStars([s.definition.code])), 'web.starCycles.saved')}
          />
        ))}
      </Form>
      <Card size="small" title={t('web.starCycles.entry.steps')}>
        <Timeline
          items={d.steps.map((s) => ({
            children: (
              <span data-testid="entry-step">
                {formatDateTime(s.at)} · {t(`web.starCycles.step.${s.action}`)}
                {s.starName ? ` · ${s.starName}` : ''}
                {s.actorName ? ` · ${s.actorName}` : ''}
                {s.note && !/^[a-z,-]+$/.test(s.note) ? ` · ${s.note}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      {returning ? (
        <ReasonModal
          title={t('web.starCycles.review.return', { star: returning.definition.name })}
          onClose={() => setReturning(null)}
          onSubmit={async (reason) => {
            const next = await returnStar(d.cycleId, d.communityId, returning.definition.code, reason);
            setData(next);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </section>
  );
}

function StarCard(props: {
  star: EntryStar;
  selfMode: boolean;
  scoreMode: boolean;
  busy: boolean;
  onAccept: () => void;
  onReturn: () => void;
  onRescore: () => void;
}) {
  const { star: s, selfMode, scoreMode, busy } = props;
  const { t } = useLocale();
  const code = s.definition.code;
  const fmt = (n: number | null) => (n === null ? '—' : String(n));
  return (
    <Card
      size="small"
      className={s.reviewState === 'returned' ? 'star-card star-returned' : 'star-card'}
      title={`${s.definition.name} · ${t('web.starCycles.passMark', { mark: s.definition.passMark })}`}
      extra={
        <Space>
          <Tag color={s.reviewState === 'accepted' ? 'green' : s.reviewState === 'returned' ? 'red' : 'default'}>
            {t(`web.stars.reviewState.${s.reviewState}`)}
          </Tag>
          <Tag color={s.passes ? 'green' : 'orange'} data-testid="star-score">
            {t('web.starCycles.score', { score: fmt(s.score) })}
          </Tag>
        </Space>
      }
      data-testid={`star-${code}`}
    >
      {s.reviewState === 'returned' && s.reviewReason ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('web.starCycles.returnedBecause', { reason: s.reviewReason })} />
      ) : null}
      <Table
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={s.indicators}
        columns={[
          { title: t('web.starCycles.col.indicator'), render: (_, i) => <span title={i.scoring}>{i.name}</span> },
          { title: t('web.starCycles.col.weight'), dataIndex: 'weight', width: 70 },
          { title: t('web.starCycles.col.source'), render: (_, i) => t(`web.starCycles.source.${i.source}`) },
          {
            title: t('web.starCycles.col.self'),
            render: (_, i) =>
              selfMode && i.source === 'manual' ? (
                <Form.Item name={['stars', code, 'self', i.code]} noStyle>
                  <InputNumber min={0} max={100} size="small" aria-label={`${s.definition.name} ${i.name}`} data-testid={`self-${code}-${i.code}`} />
                </Form.Item>
              ) : (
                fmt(i.selfScore)
              ),
          },
          { title: t('web.starCycles.col.figure'), render: (_, i) => (i.source === 'manual' ? '' : fmt(i.figure)) },
          {
            title: t('web.starCycles.col.townshipScore'),
            render: (_, i) =>
              scoreMode && i.typed ? (
                <Form.Item name={['stars', code, 'town', i.code]} noStyle>
                  <InputNumber min={0} max={100} size="small" aria-label={`${s.definition.name} ${i.name}`} data-testid={`score-${code}-${i.code}`} />
                </Form.Item>
              ) : (
                fmt(i.typed ? i.townshipScore : (i.figure ?? i.townshipScore))
              ),
          },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        {selfMode ? null : <Descriptions.Item label={t('web.starCycles.selfNote')}>{s.selfNote ?? '—'}</Descriptions.Item>}
        {scoreMode ? null : <Descriptions.Item label={t('web.starCycles.townshipNote')}>{s.townshipNote ?? '—'}</Descriptions.Item>}
        <Descriptions.Item label={t('web.starCycles.evidence')}>
          <Space direction="vertical" size={2}>
            {s.evidenceLinks.map((l) => (
              <a key={l.url + l.label} href={l.url} target="_blank" rel="noopener noreferrer">
                {l.label}
              </a>
            ))}
            <AttachmentList files={s.attachments} />
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {selfMode ? (
        <>
          <Form.Item name={['stars', code, 'selfNote']} label={t('web.starCycles.selfNote')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.List name={['stars', code, 'links']}>
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'label']} noStyle>
                      <Input placeholder={t('web.starCycles.linkLabel')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'url']} noStyle>
                      <Input placeholder={t('web.starCycles.linkUrl')} style={{ width: 280 }} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>{t('web.starCycles.remove')}</Button>
                  </Space>
                ))}
                <Button size="small" onClick={() => add({ label: '', url: '' })}>
                  {t('web.starCycles.addLink')}
                </Button>
              </Space>
            )}
          </Form.List>
          <Form.Item name={['stars', code, 'attachmentIds']} label={t('web.starCycles.attachments')} style={{ marginTop: 8 }}>
            <AttachmentUpload testId={`upload-${code}`} />
          </Form.Item>
        </>
      ) : null}
      {scoreMode ? (
        <Form.Item name={['stars', code, 'townNote']} label={t('web.starCycles.townshipNote')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      ) : null}
      <Space wrap>
        {s.abilities.includes('rescore') ? (
          <Button type="primary" loading={busy} onClick={props.onRescore} data-testid={`rescore-${code}`}>
            {t('web.starCycles.rescore')}
          </Button>
        ) : null}
        {s.abilities.includes('accept') ? (
          <Button type="primary" loading={busy} onClick={props.onAccept} data-testid={`review-accept-${code}`}>
            {t('web.starCycles.review.accept')}
          </Button>
        ) : null}
        {s.abilities.includes('return') ? (
          <Button danger onClick={props.onReturn} data-testid={`review-return-${code}`}>
            {t('web.starCycles.review.returnButton')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}
