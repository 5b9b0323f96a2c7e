import type { Locale } from '@lingyan/shared';

// The web app's texts, one flat map per language, installed as each language's chunk arrives
// (zh-CN with the entry, English when chosen): the login page never downloads both languages.
export type Messages = Readonly<Record<string, string>>;

const installed: Partial<Record<Locale, Messages>> = {};

export function installMessages(locale: Locale, messages: Messages): void {
  installed[locale] = messages;
}

export function hasMessages(locale: Locale): boolean {
  return installed[locale] !== undefined;
}

/** Same contract as the shared `translate`: `{name}` placeholders filled, an unknown key comes back as itself. */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  let text = installed[locale]?.[key] ?? key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/** Every key of the catalog (both languages have the same keys; zh-CN is always installed). */
export function messageKeys(): string[] {
  return Object.keys(installed['zh-CN'] ?? {});
}
