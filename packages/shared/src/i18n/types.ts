export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** One entry of the catalog: every text in both languages side by side, so neither falls behind. */
export type MessageEntry = { 'zh-CN': string; en: string };
export type MessageSection = Record<string, MessageEntry>;

// Here rather than beside the catalog, so a bundle that only checks a locale does not pull in every text.
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
