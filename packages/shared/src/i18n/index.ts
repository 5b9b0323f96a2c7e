import { errorMessages } from './errors.ts';
import { webMessages } from './web.ts';
import { commonMessages } from './common.ts';
import { starMessages } from './stars.ts';
import { starCycleMessages } from './star-cycles.ts';
import { starCheckMessages } from './star-checks.ts';
import { starSurveyMessages } from './star-survey.ts';
import { DEFAULT_LOCALE, type Locale, type MessageSection } from './types.ts';

export * from './types.ts';

/** The one catalog: every word a user sees, keyed, in zh-CN and English. */
export const catalog: MessageSection = {
  ...commonMessages,
  ...errorMessages,
  ...webMessages,
  ...starMessages,
  ...starCycleMessages,
  ...starCheckMessages,
  ...starSurveyMessages,
};

/** Picks the best supported locale from an Accept-Language header or a stored preference. */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** Translates a key, filling `{name}` placeholders; an unknown key comes back as itself. */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const entry = catalog[key];
  let text = entry ? entry[locale] : key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}
