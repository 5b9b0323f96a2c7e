import type { Plugin } from 'vite';
import { catalog, isLocale } from '../../packages/shared/src/i18n/index.ts';

const MESSAGES_PREFIX = 'virtual:lingyan-messages/';

/**
 * `virtual:lingyan-messages/<locale>`: one language of the shared catalog as a flat key → text
 * map, so the browser downloads only the language it shows (the catalog holds both side by side).
 */
export function messagesPerLocale(): Plugin {
  return {
    name: 'lingyan-messages',
    resolveId(id) {
      return id.startsWith(MESSAGES_PREFIX) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${MESSAGES_PREFIX}`)) return undefined;
      const locale = id.slice(MESSAGES_PREFIX.length + 1);
      if (!isLocale(locale)) throw new Error(`no such locale in the catalog: ${locale}`);
      const flat = Object.fromEntries(Object.entries(catalog).map(([key, entry]) => [key, entry[locale]]));
      return `export default ${JSON.stringify(flat)};`;
    },
  };
}
