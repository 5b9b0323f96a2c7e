import './stars.css';
import { useMemo, useState } from 'react';
import { Alert, Empty, Input, Select, Spin } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { getStarBoard } from './stars.api.ts';
import { LevelTag, StarTags } from './stars-bits.tsx';

/** 亮星榜: every community's stars (lit or greyed), level and last change; no login, one column on a phone. */
export function StarBoardPage() {
  const { locale, t } = useLocale();
  const board = useAsync((signal) => getStarBoard(signal), []);
  const [township, setTownship] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const rows = useMemo(() => board.data?.communities ?? [], [board.data]);
  const townships = useMemo(() => [...new Set(rows.map((r) => r.townshipName))], [rows]);
  const shown = rows.filter((r) => (!township || r.townshipName === township) && (!q || r.communityName.includes(q)));
  return (
    <section aria-labelledby="star-board-title" data-testid="star-board-page">
      <h1 id="star-board-title">{t('web.stars.board.title')}</h1>
      <p className="star-muted">{t('web.stars.board.intro')}</p>
      <div className="star-board-filters">
        <Select
          allowClear
          value={township}
          onChange={(v) => setTownship(v ?? null)}
          placeholder={t('web.stars.board.allTownships')}
          options={townships.map((name) => ({ value: name, label: name }))}
          data-testid="star-board-township"
          aria-label={t('web.stars.board.allTownships')}
        />
        <Input.Search
          allowClear
          aria-label={t('web.stars.board.search')}
          placeholder={t('web.stars.board.search')}
          onChange={(e) => setQ(e.target.value.trim())}
          onSearch={setQ}
        />
      </div>
      {board.error ? <Alert type="error" showIcon title={errorText(locale, board.error)} /> : null}
      <Spin spinning={board.loading}>
        {board.data ? <p className="star-muted">{t('web.stars.board.summary', { n: shown.length })}</p> : null}
        {board.data && shown.length === 0 ? <Empty description={t('web.stars.board.empty')} /> : null}
        {shown.map((r) => (
          <article
            key={r.communityId}
            className="star-board-row"
            data-testid="star-board-row"
            data-community={r.communityName}
            data-stars={r.stars.map((h) => h.code).join(',')}
            data-level={r.level}
          >
            <div className="star-board-head">
              <strong>{r.communityName}</strong>
              <span>
                <span data-testid="star-board-count">
                  {r.count} {t('web.stars.stars')}
                </span>{' '}
                <LevelTag level={r.level} />
              </span>
            </div>
            <StarTags catalog={board.data!.catalog} held={r.stars.map((s) => s.code)} />
            <div className="star-board-meta">
              {r.townshipName} · {t('web.stars.board.lastChange')}{' '}
              {r.lastChange
                ? `${formatDateTime(r.lastChange.at).slice(0, 10)} ${t(`web.stars.change.${r.lastChange.change}`)} ${r.lastChange.starName}`
                : t('web.stars.board.noChange')}
            </div>
          </article>
        ))}
      </Spin>
    </section>
  );
}
