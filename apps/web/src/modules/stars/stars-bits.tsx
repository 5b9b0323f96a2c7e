import { Space, Tag } from 'antd';
import type { StarLevel } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';

const LEVEL_COLOURS: Record<StarLevel, string> = { good: 'red', 'fairly-good': 'volcano', average: 'gold', poor: 'default' };

export function LevelTag({ level }: { level: StarLevel }) {
  const { t } = useLocale();
  return (
    <Tag color={LEVEL_COLOURS[level]} data-level={level}>
      {t(`web.stars.level.${level}`)}
    </Tag>
  );
}

/** Every star of the catalog, lit when held and greyed when not. */
export function StarTags({ catalog, held }: { catalog: { code: string; name: string }[]; held: readonly string[] }) {
  const lit = new Set(held);
  // Plain spans, not antd Tag/Space: the board draws ten per community for every community.
  return (
    <span className="star-tags">
      {catalog.map((s) => (
        <span key={s.code} className={lit.has(s.code) ? 'star-tag star-held' : 'star-tag star-missing'} data-star={s.code} data-held={lit.has(s.code)}>
          {lit.has(s.code) ? '★' : '☆'} {s.name}
        </span>
      ))}
    </span>
  );
}

/** Honour codes (recommendations, vetoed evaluations) as tags; an unknown code shows as itself. */
export function HonourTags({ codes, colour }: { codes: readonly string[]; colour: string }) {
  const { t } = useLocale();
  if (codes.length === 0) return <span className="star-muted">{t('web.stars.nothing')}</span>;
  return (
    <Space size={[4, 4]} wrap>
      {codes.map((c) => (
        <Tag key={c} color={colour}>
          {t(`web.stars.honour.${c}`)}
        </Tag>
      ))}
    </Space>
  );
}
