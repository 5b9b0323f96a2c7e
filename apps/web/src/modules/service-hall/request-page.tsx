import './service-hall.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Table, Tag, Timeline } from 'antd';
import { REQUEST_ACTIONS, type RequestAction } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { getRequest, type ServiceRequestDetail } from './service-hall.api.ts';
import { ActionModal } from './action-modal.tsx';
import { AttachmentList } from '../files/attachments.tsx';
import { ClockTag, StateTag } from './service-hall-bits.tsx';

/** One request (办件): who and what, its clocks, the steps the caller may take now, and its history. */
export function RequestPage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const loaded = useAsync((signal) => getRequest(id, signal), [id]);
  const [fresh, setFresh] = useState<ServiceRequestDetail | null>(null);
  const [acting, setActing] = useState<RequestAction | null>(null);
  const request = fresh?.id === id ? fresh : loaded.data;

  if (loaded.error && !request) {
    return <Alert type="error" showIcon title={errorText(locale, loaded.error)} action={<Button onClick={loaded.reload}>{t('web.common.retry')}</Button>} />;
  }
  if (!request) return <Spin />;
  // The server decides what may be done now (a visit's outcome, for one: only with a visit scheduled and not yet recorded).
  const abilities = REQUEST_ACTIONS.filter((a) => request.abilities.includes(a));
  const empty = t('web.common.empty');

  return (
    <section aria-labelledby="request-title" data-testid="request-page">
      <div className="page-header">
        <div>
          <h1 id="request-title">
            <span data-testid="request-number">{request.number}</span> · {request.itemName}
          </h1>
          <p className="page-subtitle">
            <StateTag state={request.state} /> {request.orgName}
            {request.excluded ? <Tag color="default">{t('web.hall.excluded')}</Tag> : null}
            {request.followUpNeeded ? <Tag color="red">{t('web.hall.followUpNeeded')}</Tag> : null}
          </p>
        </div>
        <Link to="/service-requests/mine">{t('web.hall.backToMine')}</Link>
      </div>

      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('web.hall.resident')}>
            <span data-testid="request-resident">{request.residentName ?? empty}</span>
            {request.contactPhoneMasked ? <span className="mono"> {request.contactPhoneMasked}</span> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.hall.channel')}>{t(`channel.${request.channel}`)}</Descriptions.Item>
          <Descriptions.Item label={t('web.hall.receivedAt')}>{formatDateTime(request.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('web.hall.owner')}>{request.ownerName ?? empty}</Descriptions.Item>
          <Descriptions.Item label={t('web.hall.handler')}>
            {request.handlerName ?? empty}
            {request.handlerOrgName ? ` (${request.handlerOrgName})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.hall.trips')}>
            <span data-testid="request-trips">{request.trips}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('web.hall.responseDue')}>
            {request.responseDue} <ClockTag clock={request.responseClock} testId="request-response-clock" />
            {request.respondedAt ? t('web.hall.doneAt', { at: formatDateTime(request.respondedAt) }) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.hall.completionDue')}>
            {request.completionDue} <ClockTag clock={request.completionClock} testId="request-completion-clock" />
            {request.dueProvisional ? <Tag color="gold">{t('web.hall.provisional')}</Tag> : null}
            {request.completedAt ? t('web.hall.doneAt', { at: formatDateTime(request.completedAt) }) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.hall.rating')}>
            <span data-testid="request-rating">{request.rating ? t(`rating.${request.rating}`) : empty}</span>
            {request.ratingComment ? ` — ${request.ratingComment}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.hall.description')} span={3}>
            {request.description}
          </Descriptions.Item>
          {request.attachments.length ? (
            <Descriptions.Item label={t('web.files.attachments')} span={3}>
              <AttachmentList files={request.attachments} testId="request-attachments" />
            </Descriptions.Item>
          ) : null}
          {request.refusedReason ? (
            <Descriptions.Item label={t('web.hall.field.reason')} span={3}>
              {request.refusedReason}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <div className="request-actions" role="group" aria-label={t('web.common.actions')}>
        {abilities.length ? (
          <Space wrap>
            {abilities.map((a) => (
              <Button key={a} type={a === 'accept' || a === 'complete' ? 'primary' : 'default'} onClick={() => setActing(a)} data-testid={`action-${a}`}>
                {t(`web.hall.action.${a}`)}
              </Button>
            ))}
          </Space>
        ) : (
          <span className="field-hint">{t('web.hall.noActions')}</span>
        )}
      </div>

      <div className="request-columns">
        <Card size="small" title={t('web.hall.timeline')}>
          <Timeline
            data-testid="request-timeline"
            items={request.events.map((e) => ({
              key: `${e.at}-${e.action}`,
              content: (
                <div data-testid="timeline-event" data-action={e.action}>
                  <strong>{t(`web.hall.event.${e.action}`)}</strong> · {formatDateTime(e.at)} ·{' '}
                  <span data-testid="timeline-actor">
                    {e.actorName === null
                      ? t('web.hall.residentActor')
                      : e.actorOrgName
                        ? t('web.hall.actorWithOrg', { name: e.actorName, org: e.actorOrgName })
                        : e.actorName}
                  </span>
                  {e.toState && e.toState !== e.fromState ? <> → {t(`requestState.${e.toState}`)}</> : null}
                  {e.note ? <div className="field-hint">{e.note}</div> : null}
                </div>
              ),
            }))}
          />
        </Card>

        <Card size="small" title={t('web.hall.agency')} style={{ marginTop: 16 }}>
          {request.agencyAuthorizations.length ? (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={request.agencyAuthorizations}
              data-testid="agency-authorizations"
              columns={[
                { title: t('web.hall.field.scope'), dataIndex: 'scope' },
                { title: t('web.hall.field.validUntil'), dataIndex: 'validUntil' },
                { title: t('web.hall.field.signedHow'), dataIndex: 'signedHow', render: (v: string) => t(`web.hall.signedHow.${v}`) },
                { title: t('web.hall.recordedAt'), dataIndex: 'recordedAt', render: (v: string) => formatDateTime(v) },
              ]}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.hall.noAgency')} />
          )}
        </Card>

        <Card size="small" title={t('web.hall.visits')} style={{ marginTop: 16 }}>
          {request.visits.length ? (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={request.visits}
              columns={[
                { title: t('web.hall.field.scheduledFor'), dataIndex: 'scheduledFor' },
                { title: t('web.hall.field.assigneeId'), dataIndex: 'assigneeName' },
                { title: t('web.hall.field.outcome'), dataIndex: 'outcome', render: (v: string | null) => v ?? empty },
                { title: t('web.hall.doneAtLabel'), dataIndex: 'doneAt', render: (v: string | null) => formatDateTime(v) || empty },
              ]}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.hall.noVisits')} />
          )}
        </Card>
      </div>

      {acting ? (
        <ActionModal
          request={request}
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
