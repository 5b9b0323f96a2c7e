import { Segmented } from 'antd';
import { LOCALES, type Locale } from '@lingyan/shared';
import { useLocale } from './i18n.tsx';

/** 中文 | English — each option named in its own language, so anyone can find theirs. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { locale, setLocale, t } = useLocale();
  // Each language names itself the same way in both catalogs, so the current one's texts suffice.
  return (
    <Segmented<Locale>
      size={size}
      aria-label={t('web.language.label')}
      data-testid="language-switch"
      value={locale}
      onChange={(value) => setLocale(value)}
      options={LOCALES.map((code) => ({ value: code, label: t(`web.language.${code}`) }))}
    />
  );
}
