import './star-checks.css';
import { useState } from 'react';
import { Button, Empty, Select, Space, Table, Tag } from 'antd';
import type { StarCheck, StarCheckRow } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { getCheckBoard } from './star-checks.api.ts';
import { CheckModal, CheckView, quarterName, RemoveModal } from './star-check-forms.tsx';

/** The township's quarterly check (一季一核查): the communities in scope, each quarter's check, and removal of a failed star. */
export function StarChecksPage() {
  const { locale, t } = useLocale();
  const { current } = useCurrentOrg();
  const [quarter, setQuarter] = useState<string | undefined>(undefined);
  const [checking, setChecking] = useState<StarCheckRow | null>(null);
  const [viewing, setViewing] = useState<StarCheckRow | null>(null);
  const [removing, setRemoving] = useState<{ row: StarCheckRow; starCode?: string; check?: StarCheck } | null>(null);
  const board = useAsync(
    (signal) => getCheckBoard({ ...(quarter ? { quarter } : {}), ...(current ? { orgId: current.id } : {}) }, signal),
    [quarter, current?.id],
  );
  const data = board.data;
  const shownQuarter = data?.quarter ?? quarter ?? '';

  return (
    <section aria-labelledby="checks-title">
      <div className="page-header">
        <div>
          <h1 id="checks-title">{t('web.starChecks.title')}</h1>
          <p className="star-meta">{t('web.starChecks.intro')}</p>
        </div>
        <Space>
          <span>{t('web.starChecks.quarter')}</span>
          <Select
            value={shownQuarter || undefined}
            style={{ minWidth: 180 }}
            onChange={setQuarter}
            options={(data?.checkableQuarters ?? []).map((q) => ({
              value: q,
              label: q === data?.currentQuarter ? `${quarterName(t, q)}（${t('web.starChecks.current')}）` : quarterName(t, q),
            }))}
            data-testid="check-quarter"
            aria-label={t('web.starChecks.quarter')}
          />
        </Space>
      </div>
      {board.error ? <Empty description={errorText(locale, board.error)} /> : null}
      <Table<StarCheckRow>
        rowKey="communityId"
        loading={board.loading}
        dataSource={data?.communities ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('web.starChecks.none')} /> }}
        data-testid="check-table"
        scroll={{ x: 800 }}
        columns={[
          { key: 'community', title: t('web.starChecks.col.community'), render: (_, r) => <span data-testid="check-community">{r.communityName}</span> },
          { key: 'township', title: t('web.starChecks.col.township'), dataIndex: 'townshipName' },
          { key: 'stars', title: t('web.starChecks.col.stars'), render: (_, r) => <HeldStars row={r} /> },
          { key: 'status', title: t('web.starChecks.col.status'), render: (_, r) => <CheckStatus row={r} /> },
          {
            key: 'actions',
            title: t('web.starChecks.col.actions'),
            render: (_, r) => (
              <Space wrap>
                {r.abilities.includes('check') ? (
                  <Button type="primary" size="small" onClick={() => setChecking(r)} data-testid="check-open">
                    {t('web.starChecks.check')}
                  </Button>
                ) : null}
                {r.check ? (
                  <Button size="small" onClick={() => setViewing(r)} data-testid="check-view">
                    {t('web.starChecks.view')}
                  </Button>
                ) : null}
                {r.abilities.includes('remove') ? (
                  <Button size="small" danger onClick={() => setRemoving({ row: r, ...(r.check ? { check: r.check } : {}) })} data-testid="star-remove-open">
                    {t('web.starChecks.remove')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {checking ? (
        <CheckModal
          row={checking}
          quarter={shownQuarter}
          onClose={(done) => {
            setChecking(null);
            if (done) board.reload();
          }}
        />
      ) : null}
      {viewing?.check ? (
        <CheckView
          row={viewing}
          check={viewing.check}
          onClose={() => setViewing(null)}
          onRemove={(starCode) => {
            setRemoving({ row: viewing, starCode, check: viewing.check! });
            setViewing(null);
          }}
        />
      ) : null}
      {removing ? (
        <RemoveModal
          row={removing.row}
          {...(removing.starCode ? { starCode: removing.starCode } : {})}
          {...(removing.check ? { check: removing.check } : {})}
          onClose={(done) => {
            setRemoving(null);
            if (done) board.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function HeldStars({ row }: { row: StarCheckRow }) {
  const { t } = useLocale();
  if (row.stars.length === 0) return <span className="star-meta">{t('web.starChecks.noStars')}</span>;
  const failed = new Set(row.check?.results.filter((r) => r.result === 'failed').map((r) => r.starCode));
  return (
    <Space size={[4, 4]} wrap>
      {row.stars.map((s) => (
        <Tag key={s.code} color={failed.has(s.code) ? 'red' : 'gold'}>
          {s.name}
        </Tag>
      ))}
    </Space>
  );
}

function CheckStatus({ row }: { row: StarCheckRow }) {
  const { t } = useLocale();
  if (!row.check) return <Tag data-testid="check-status">{t('web.starChecks.status.notChecked')}</Tag>;
  const failed = row.check.results.filter((r) => r.result === 'failed').length;
  return (
    <Space direction="vertical" size={0}>
      <Space size={4}>
        <Tag color="green" data-testid="check-status">
          {t('web.starChecks.status.checked')}
        </Tag>
        {failed > 0 ? <Tag color="red">{t('web.starChecks.failedCount', { n: failed })}</Tag> : null}
      </Space>
      <span className="star-meta">{t('web.starChecks.checkedBy', { name: row.check.checkedByName, at: formatDateTime(row.check.checkedAt) })}</span>
    </Space>
  );
}
