import './visits.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Empty, Input, Pagination, Result, Segmented, Spin, Tag } from 'antd';
import type { List, Visit, VisitHousehold } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { listDue, listVisitHouseholds, listVisits } from './visits.api.ts';
import { VisitForm } from './visit-form.tsx';

type Tab = 'due' | 'all' | 'history';

export function raisedLink(v: Visit): string | null {
  if (!v.raised) return null;
  if (v.raised.type === 'request') return `/service-requests/${v.raised.id}`;
  if (v.raised.type === 'event') return `/events/${v.raised.id}`;
  return null;
}

function HouseholdCard({ h, onVisit }: { h: VisitHousehold; onVisit: () => void }) {
  const { t } = useLocale();
  return (
    <div className="visit-household" data-testid="visit-household" data-household-id={h.id}>
      <div className="visit-household-head">
        <div>
          <div className="visit-household-address">{h.address}</div>
          <div className="visit-household-meta">
            {h.gridName} · {h.members.map((m) => m.name).join('、') || t('web.visits.noMembers')}
          </div>
          <div className="visit-household-meta">
            {h.lastVisitedOn ? t('web.visits.lastVisited', { date: h.lastVisitedOn }) : t('web.visits.neverVisited')}
            {h.special ? (
              <Tag color="purple" style={{ marginLeft: 6 }}>
                {t('web.visits.special')}
              </Tag>
            ) : null}
            {h.due ? (
              <Tag color="orange" style={{ marginLeft: 6 }}>
                {t('web.visits.dueIn', { period: h.periodKey })}
              </Tag>
            ) : null}
          </div>
        </div>
        <Button type="primary" size="large" onClick={onVisit} data-testid="visit-log">
          {t('web.visits.log')}
        </Button>
      </div>
    </div>
  );
}

/** A grid worker's visits, phone first: who is due, all their households, what they have logged. */
export function VisitsPage() {
  const { locale, t } = useLocale();
  const [tab, setTab] = useState<Tab>('due');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<VisitHousehold | null>(null);
  const [done, setDone] = useState<Visit | null>(null);
  const households = useAsync<List<VisitHousehold> | null>(
    (signal) =>
      tab === 'due'
        ? listDue({ page, pageSize: 20 }, signal)
        : tab === 'all'
          ? listVisitHouseholds({ q: q || undefined, page, pageSize: 20 }, signal)
          : Promise.resolve(null),
    [tab, q, page, reload],
  );
  const visits = useAsync<List<Visit> | null>(
    (signal) => (tab === 'history' ? listVisits({ page, pageSize: 20 }, signal) : Promise.resolve(null)),
    [tab, page, reload],
  );

  if (selected)
    return (
      <VisitForm
        household={selected}
        onCancel={() => setSelected(null)}
        onDone={(v) => {
          setSelected(null);
          setDone(v);
          setReload((n) => n + 1);
        }}
      />
    );

  const list = tab === 'history' ? visits : households;
  const total = list.data?.total ?? 0;
  const doneLink = done ? raisedLink(done) : null;
  return (
    <section aria-labelledby="visits-title" data-testid="visits-page">
      <div className="page-header">
        <h1 id="visits-title">{t('web.visits.title')}</h1>
      </div>
      {done ? (
        <Result
          status="success"
          title={t('web.visits.savedFor', { address: done.address })}
          subTitle={done.raised ? t(`web.visits.raisedAs.${done.raised.type}`) : undefined}
          extra={
            doneLink ? (
              <Link to={doneLink} data-testid="visit-raised-link">
                {t('web.visits.openRaised')}
              </Link>
            ) : null
          }
          data-testid="visit-done"
        />
      ) : null}
      <Segmented
        block
        size="large"
        value={tab}
        onChange={(v) => {
          setTab(v as Tab);
          setPage(1);
        }}
        options={(['due', 'all', 'history'] as const).map((k) => ({ value: k, label: <span data-testid={`tab-${k}`}>{t(`web.visits.tab.${k}`)}</span> }))}
        style={{ marginBottom: 12 }}
      />
      {tab === 'all' ? (
        <Input.Search
          allowClear
          size="large"
          placeholder={t('web.visits.searchAddress')}
          aria-label={t('web.visits.searchAddress')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ marginBottom: 12 }}
          data-testid="visit-search"
        />
      ) : null}
      {list.error ? <Alert type="error" showIcon title={errorText(locale, list.error)} /> : null}
      {list.loading && !list.data ? <Spin /> : null}
      {tab !== 'history' && households.data ? (
        households.data.items.length === 0 ? (
          <Empty description={tab === 'due' ? t('web.visits.noneDue') : t('web.visits.noHouseholds')} />
        ) : (
          <div className="visit-households" data-testid="visit-households">
            {tab === 'due' ? <div className="visit-household-meta">{t('web.visits.dueCount', { count: total })}</div> : null}
            {households.data.items.map((h) => (
              <HouseholdCard
                key={h.id}
                h={h}
                onVisit={() => {
                  setDone(null);
                  setSelected(h);
                }}
              />
            ))}
          </div>
        )
      ) : null}
      {tab === 'history' && visits.data ? (
        visits.data.items.length === 0 ? (
          <Empty description={t('web.visits.noVisits')} />
        ) : (
          <div className="visit-households" data-testid="visit-history">
            {visits.data.items.map((v) => (
              <div className="visit-household" key={v.id} data-testid="visit-row">
                <div className="visit-household-address">{v.address}</div>
                <div className="visit-household-meta">
                  {v.visitedOn} · {t(`web.visits.kindOf.${v.kind}`)} · {v.visitorName}
                  {v.peopleMet.length ? ` · ${t('web.visits.met', { names: v.peopleMet.map((p) => p.name).join('、') })}` : ''}
                </div>
                {v.notes ? <div className="visit-household-meta">{v.notes}</div> : null}
                {v.raised ? (
                  <div className="visit-household-meta">
                    <Tag color="blue">{t(`web.visits.raisedAs.${v.raised.type}`)}</Tag>
                    {raisedLink(v) ? <Link to={raisedLink(v)!}>{t('web.visits.openRaised')}</Link> : null}
                  </div>
                ) : null}
                {v.photos.length ? <div className="visit-household-meta">{t('web.visits.photoCount', { count: v.photos.length })}</div> : null}
              </div>
            ))}
          </div>
        )
      ) : null}
      {total > 20 ? <Pagination simple current={page} total={total} pageSize={20} onChange={setPage} style={{ marginTop: 12 }} /> : null}
    </section>
  );
}
