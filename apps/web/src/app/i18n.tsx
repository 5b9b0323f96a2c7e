import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@lingyan/shared';
import { setApiLocale } from './api-client.ts';
import { loadMessages } from './load-messages.ts';
import { hasMessages, translate } from './messages.ts';

const STORAGE_KEY = 'lingyan.locale';

export type Translate = (key: string, params?: Record<string, string | number>) => string;
type LocaleContextValue = { locale: Locale; setLocale: (locale: Locale) => void; t: Translate };

// antd's secondary greys (45% black, about 3.4:1 on white), link blue (4.1:1), error red (3.3:1 under white text) and
// success green (2.3:1 as text) fail WCAG 1.4.3; 65% black, blue-7, red-7 and green-8 hold 4.5:1.
const THEME = {
  token: {
    colorPrimary: '#b7282e',
    borderRadius: 6,
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
  },
};

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function readStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be blocked (private mode); the default language will do.
  }
  return DEFAULT_LOCALE;
}

/** Applies a language everywhere outside React: API requests, <html lang>, dayjs (date pickers). */
function applyLocale(locale: Locale): void {
  setApiLocale(locale);
  document.documentElement.lang = locale;
  document.title = translate(locale, 'app.name');
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const stored = readStoredLocale();
    const initial = hasMessages(stored) ? stored : DEFAULT_LOCALE;
    applyLocale(initial);
    return initial;
  });
  const setLocale = useCallback((next: Locale) => {
    loadMessages(next).then(
      () => {
        applyLocale(next);
        try {
          window.localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not persisted; the choice still holds for this page.
        }
        setLocaleState(next);
      },
      () => undefined, // The language's texts could not be fetched: stay in the current one.
    );
  }, []);
  const t = useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={THEME}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

/** Shorthand for pages that only need the translate function. */
export function useT(): Translate {
  return useLocale().t;
}
