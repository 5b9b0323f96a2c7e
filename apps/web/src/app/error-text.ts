import type { Locale } from '@lingyan/shared';
import { ApiError, NETWORK_ERROR } from './api-client.ts';
import { translate } from './messages.ts';

const UNFILLED = /\{\w+\}/;

/** The user-facing text of a failed call: the catalog's `error.<CODE>`, else the server's message. */
export function errorText(locale: Locale, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return translate(locale, 'web.error.network');
    const key = `error.${error.code}`;
    const text = translate(locale, key, placeholderValues(error.details));
    // A placeholder the details did not fill: the server's own message (already in the asked language) says it better.
    if (text !== key && !UNFILLED.test(text)) return text;
    return error.message || (text !== key ? text : translate(locale, 'web.error.unknown'));
  }
  return translate(locale, 'web.error.unknown');
}

/** The flat string/number fields of an error's details fill the message's `{placeholders}`. */
function placeholderValues(details: unknown): Record<string, string | number> | undefined {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') values[name] = value;
  }
  return values;
}
