import { ETHNIC_GROUPS, RELATIONS, type Locale } from '@lingyan/shared';
import type { Translate } from '../../app/i18n.tsx';
import type { TagDefinition } from './registry-types.ts';

/** A coded value's name from the catalog (`web.registry.<kind>.<code>`), the code itself when unknown. */
export function codeLabel(t: Translate, kind: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return t('web.common.empty');
  const key = `web.registry.${kind}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** 与户主关系 (GB/T 4761): the catalog's name, else the standard's own Chinese name. */
export function relationLabel(t: Translate, code: string | null | undefined): string {
  if (!code) return t('web.common.empty');
  const key = `web.registry.relation.${code}`;
  const text = t(key);
  return text !== key ? text : (RELATIONS[code] ?? code);
}

/** 民族 (GB/T 3304): the catalog's name, else the standard's own Chinese name. */
export function ethnicLabel(t: Translate, code: string | null | undefined): string {
  if (!code) return t('web.common.empty');
  const key = `web.registry.ethnic.${code}`;
  const text = t(key);
  return text !== key ? text : (ETHNIC_GROUPS[code] ?? code);
}

export function tagLabel(locale: Locale, tags: readonly TagDefinition[] | undefined, code: string): string {
  const tag = tags?.find((item) => item.code === code);
  if (!tag) return code;
  return locale === 'zh-CN' ? tag.zh : tag.en;
}

/** The history's field names (API keys) in words. */
export function fieldLabel(t: Translate, field: string): string {
  const key = `web.residents.field.${field}`;
  const text = t(key);
  return text === key ? field : text;
}

export function historyActionLabel(t: Translate, action: string): string {
  const key = `web.residents.history.${action}`;
  const text = t(key);
  return text === key ? action : text;
}
