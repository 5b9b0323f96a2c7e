import { useT } from './i18n.tsx';

/** The name and a small goose-wing mark (领雁: the lead goose). */
export function BrandMark({ compact = false, large = false }: { compact?: boolean; large?: boolean }) {
  const t = useT();
  return (
    <div className={`brand-mark${large ? ' brand-mark-large' : ''}`}>
      <svg viewBox="0 0 64 64" aria-hidden="true" className="brand-mark-icon">
        <rect width="64" height="64" rx="14" fill="#b7282e" />
        <path d="M10 40 L32 22 L54 40 L44 38 L32 30 L20 38 Z" fill="#fff" />
      </svg>
      {compact ? null : <span className="brand-mark-name">{t('app.name')}</span>}
    </div>
  );
}
