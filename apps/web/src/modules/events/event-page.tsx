import './events.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Space, Spin, Tag, Timeline } from 'antd';
import { EVENT_ACTIONS, type EventAction, type EventDetail } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { AttachmentList } from '../files/attachments.tsx';
import { getEvent } from './events.api.ts';
import { EventActionModal } from './event-action-modal.tsx';
import { EventClockTag, EventStateTag } from './events-bits.tsx';

/** One event: where and what, its clock, the steps the caller may take now (from the server), and its timeline. */
export function EventPage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const loaded = useAsync((signal) => getEvent(id, signal), [id]);
  const [fresh, setFresh] = useState<EventDetail | null>(null);
  const [acting, setActing] = useState<EventAction | null>(null);
  const e = fresh?.id === id ? fresh : loaded.data;

  if (loaded.error && !e) {
    return <Alert type="error" showIcon title={errorText(locale, loaded.error)} action={<Button onClick={loaded.reload}>{t('web.common.retry')}</Button>} />;
  }
  if (!e) return <Spin />;
  const abilities = EVENT_ACTIONS.filter((a) => e.abilities.includes(a));
  const empty = t('web.common.empty');
  const primary: EventAction[] = ['register', 'dispatch', 'feedback', 'verify'];

  return (
    <section aria-labelledby="event-title" data-testid="event-page">
      <div className="page-header">
        <div>
          <h1 id="event-title">
            <span data-testid="event-number">{e.number}</span> · {e.categoryName ?? t('web.events.uncategorised')}
          </h1>
          <p className="page-subtitle">
            <EventStateTag state={e.state} /> {e.communityName} · {e.gridName}
            {e.reworkCount ? <Tag color="orange">{t('web.events.reworked', { n: e.reworkCount })}</Tag> : null}
            {e.returnCount ? <Tag color="volcano">{t('web.events.returned', { n: e.returnCount })}</Tag> : null}
          </p>
        </div>
        <Link to="/events">{t('web.events.backToBoard')}</Link>
      </div>

      <div className="event-actions" role="group" aria-label={t('web.common.actions')}>
        {abilities.length ? (
          <Space wrap>
            {abilities.map((a) => (
              <Button key={a} type={primary.includes(a) ? 'primary' : 'default'} onClick={() => setActing(a)} data-testid={`action-${a}`}>
                {t(`web.events.action.${a}`)}
              </Button>
            ))}
          </Space>
        ) : (
          <span className="field-hint" data-testid="no-actions">
            {t('web.events.noActions')}
          </span>
        )}
      </div>

      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('web.events.clock')}>
            <EventClockTag event={e} />
          </Descriptions.Item>
          <Descriptions.Item label={t('web.events.handleClock')}>
            {e.handleClock ? <Tag color={e.handleClock === 'overdue' ? 'red' : 'green'}>{t(`clock.${e.handleClock}`)}</Tag> : empty}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.events.source')}>{t(`web.events.sourceOf.${e.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('web.events.reporter')}>{e.reporterName ?? empty}</Descriptions.Item>
          <Descriptions.Item label={t('web.events.reportedAt')}>{formatDateTime(e.reportedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('web.events.handler')}>
            <span data-testid="event-handler">{e.handlerOrgName ? `${e.handlerOrgName}${e.handlerUserName ? ` · ${e.handlerUserName}` : ''}` : empty}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('web.events.address')}>
            {e.address ?? empty}
            {e.location ? (
              <span className="mono">
                {' '}
                ({e.location.lat.toFixed(5)}, {e.location.lng.toFixed(5)})
              </span>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.events.grade')}>{e.grade ? t(`web.events.grade.${e.grade}`) : empty}</Descriptions.Item>
          <Descriptions.Item label={t('web.events.closingConditionLabel')}>{e.closingCondition ?? empty}</Descriptions.Item>
          <Descriptions.Item label={t('web.events.description')} span={3}>
            <span data-testid="event-description">{e.description}</span>
          </Descriptions.Item>
          {e.voidReason ? (
            <Descriptions.Item label={t('web.events.field.reason')} span={3}>
              {e.voidReason}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('web.events.field.photos')} span={3}>
            {e.photos.length ? <AttachmentList files={e.photos} testId="event-photos" /> : empty}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('web.events.timeline')} style={{ marginTop: 16 }}>
        <Timeline
          data-testid="event-timeline"
          items={e.steps.map((s, i) => ({
            key: `${s.at}-${i}`,
            color: s.action === 'escalate' || s.action === 'return' || s.action === 'rework' ? 'red' : 'blue',
            content: (
              <div data-testid="timeline-step" data-action={s.action}>
                <strong>{t(`web.events.stepName.${s.action}`)}</strong> · {formatDateTime(s.at)} · {s.actorName ?? t('web.events.system')}
                {s.toState && s.toState !== s.fromState ? <> → {t(`web.events.state.${s.toState}`)}</> : null}
                {s.action === 'dispatch' && s.data ? (
                  <div className="field-hint">
                    {t('web.events.dispatchedTo', { unit: String(s.data.orgName ?? ''), person: String(s.data.userName ?? '') })}
                  </div>
                ) : null}
                {s.note ? <div className="field-hint">{s.note}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>

      {acting ? (
        <EventActionModal
          event={e}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(next) => {
            setActing(null);
            setFresh(next);
          }}
        />
      ) : null}
    </section>
  );
}
