import './stars.css';
import { Link, Navigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Spin, Table, Timeline } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { certificateUrl, getCommunityStars, listStarCommunities } from './stars.api.ts';
import { HonourTags, LevelTag } from './stars-bits.tsx';

/** 我的星级: a community's own user goes straight to its page; higher levels see the communities in their scope. */
export function MyStarsPage() {
  const { locale, t } = useLocale();
  const list = useAsync((signal) => listStarCommunities(signal), []);
  const items = list.data?.items ?? [];
  if (items.length === 1) return <Navigate to={`/stars/community/${items[0]!.communityId}`} replace />;
  return (
    <section aria-labelledby="my-stars-title" data-testid="my-stars-page">
      <div className="page-header">
        <h1 id="my-stars-title">{t('web.stars.mine.title')}</h1>
      </div>
      {list.error ? <Alert type="error" showIcon title={errorText(locale, list.error)} /> : null}
      <Table
        size="small"
        rowKey="communityId"
        loading={list.loading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t('web.stars.township'), dataIndex: 'townshipName' },
          { title: t('web.stars.community'), dataIndex: 'communityName' },
          { title: t('web.stars.count'), dataIndex: 'count', sorter: (a, b) => a.count - b.count },
          { title: t('web.stars.levelLabel'), dataIndex: 'level', render: (_: unknown, r) => <LevelTag level={r.level} /> },
          {
            title: t('web.common.actions'),
            key: 'open',
            render: (_: unknown, r) => (
              <Link to={`/stars/community/${r.communityId}`} data-testid={`stars-open-${r.communityName}`}>
                {t('web.stars.mine.open')}
              </Link>
            ),
          },
        ]}
      />
    </section>
  );
}

/** A community's stars: held with since, level, recommendations and vetoes, history with reasons, notifications, certificate. */
export function CommunityStarsPage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const view = useAsync((signal) => getCommunityStars(id, signal), [id]);
  const c = view.data;
  return (
    <section aria-labelledby="community-stars-title" data-testid="community-stars-page">
      <div className="page-header">
        <h1 id="community-stars-title">{c ? `${c.townshipName} ${c.communityName}` : t('web.stars.mine.title')}</h1>
        <span>
          <Link to="/stars">
            <Button>{t('web.stars.community.back')}</Button>
          </Link>{' '}
          {c?.abilities.includes('certificate') ? (
            <Button type="primary" href={certificateUrl(c.communityId)} data-testid="star-certificate">
              {t('web.stars.community.certificate')}
            </Button>
          ) : null}
        </span>
      </div>
      {view.error ? <Alert type="error" showIcon title={errorText(locale, view.error)} /> : null}
      <Spin spinning={view.loading}>
        {c ? (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card title={t('web.stars.community.held')} size="small">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('web.stars.count')}>
                    <span className="star-figure" data-testid="community-star-count">
                      {c.count}
                    </span>{' '}
                    <LevelTag level={c.level} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('web.stars.recommendations')}>
                    <HonourTags codes={c.recommendations} colour="green" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('web.stars.barredFrom')}>
                    <HonourTags codes={c.barredFrom} colour="red" />
                  </Descriptions.Item>
                </Descriptions>
                {c.stars.length === 0 ? (
                  <Empty description={t('web.stars.none')} />
                ) : (
                  <List
                    size="small"
                    dataSource={c.stars}
                    renderItem={(s) => (
                      <List.Item data-testid="community-star" data-star={s.code}>
                        <span className="star-tag star-held">★ {s.name}</span>
                        <span className="star-muted">{t('web.stars.since', { date: s.since })}</span>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card title={t('web.stars.community.notifications')} size="small">
                {c.notifications.length === 0 ? (
                  <Empty description={t('web.stars.community.noNotifications')} />
                ) : (
                  <List
                    size="small"
                    dataSource={c.notifications}
                    renderItem={(n) => (
                      <List.Item>
                        <span>{n.message}</span>
                        <span className="star-muted">{formatDateTime(n.createdAt)}</span>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24}>
              <Card title={t('web.stars.community.history')} size="small">
                {c.history.length === 0 ? (
                  <Empty description={t('web.stars.community.noHistory')} />
                ) : (
                  <Timeline
                    items={c.history.map((h) => ({
                      key: h.id,
                      color: h.change === 'awarded' || h.change === 'added' ? 'green' : 'red',
                      content: (
                        <div data-testid="star-history-item">
                          <strong>
                            {formatDateTime(h.at)} {t(`web.stars.change.${h.change}`)} {h.starName}
                          </strong>
                          <div>{t('web.stars.community.reason', { reason: h.reason })}</div>
                          <div className="star-muted">
                            {t(`web.stars.source.${h.sourceType}`)}
                            {h.actorName ? ` · ${t('web.stars.community.by', { name: h.actorName })}` : ''}
                          </div>
                        </div>
                      ),
                    }))}
                  />
                )}
              </Card>
            </Col>
          </Row>
        ) : null}
      </Spin>
    </section>
  );
}
