import { describe, expect, it } from 'vitest';
import {
  BUILDING_KINDS,
  catalog,
  EDUCATION_LEVELS,
  ETHNIC_GROUPS,
  GENDERS,
  HOME_KINDS,
  HOME_USES,
  IMPORT_ROW_ERROR_CODES,
  IMPORT_STATUSES,
  OWNERSHIPS,
  POLITICAL_STATUSES,
  REGISTRATION_TYPES,
  RELATIONS,
  RENTAL_ATTENTION_KINDS,
  RESIDENT_STATUSES,
  REVEALABLE_FIELDS,
  translate,
} from '@lingyan/shared';
import type { Translate } from '../../app/i18n.tsx';
import { codeLabel, ethnicLabel, fieldLabel, relationLabel } from './registry-labels.ts';
import { attentionDaysText } from '../rentals/rentals-page.tsx';

const zh: Translate = (key, params) => translate('zh-CN', key, params);
const en: Translate = (key, params) => translate('en', key, params);

describe('the registry words', () => {
  it('name every coded value the API sends, in both languages', () => {
    const keys = [
      ...GENDERS.map((c) => `web.registry.gender.${c}`),
      ...RESIDENT_STATUSES.map((c) => `web.registry.status.${c}`),
      ...POLITICAL_STATUSES.map((c) => `web.registry.political.${c}`),
      ...EDUCATION_LEVELS.map((c) => `web.registry.education.${c}`),
      ...REGISTRATION_TYPES.map((c) => `web.registry.registration.${c}`),
      ...Object.keys(RELATIONS).map((c) => `web.registry.relation.${c}`),
      ...Object.keys(ETHNIC_GROUPS).map((c) => `web.registry.ethnic.${c}`),
      ...HOME_KINDS.map((c) => `web.registry.homeKind.${c}`),
      ...HOME_USES.map((c) => `web.registry.homeUse.${c}`),
      ...OWNERSHIPS.map((c) => `web.registry.ownership.${c}`),
      ...BUILDING_KINDS.map((c) => `web.registry.buildingKind.${c}`),
      ...RENTAL_ATTENTION_KINDS.map((c) => `web.rentals.kind.${c}`),
      ...RENTAL_ATTENTION_KINDS.map((c) => `web.rentals.dateOf.${c}`),
      ...IMPORT_ROW_ERROR_CODES.map((c) => `web.imports.code.${c}`),
      ...IMPORT_STATUSES.map((c) => `web.imports.status.${c}`),
      ...REVEALABLE_FIELDS.map((c) => `web.residents.field.${c}`),
    ];
    expect(keys.filter((key) => !catalog[key]?.['zh-CN'] || !catalog[key]?.en)).toEqual([]);
  });

  it('keep the standards’ own Chinese names for relations and ethnic groups', () => {
    for (const [code, name] of Object.entries(RELATIONS)) expect(relationLabel(zh, code)).toBe(name);
    for (const [code, name] of Object.entries(ETHNIC_GROUPS)) expect(ethnicLabel(zh, code)).toBe(name);
    expect(ethnicLabel(en, '05')).toBe('Uyghur');
    expect(relationLabel(en, '02')).toBe('Head of household');
  });

  it('fall back to the code for a value the catalog does not know, and to a dash for none', () => {
    expect(codeLabel(zh, 'gender', 'male')).toBe('男');
    expect(codeLabel(zh, 'gender', 'unknown')).toBe('unknown');
    expect(codeLabel(zh, 'gender', null)).toBe('—');
    expect(fieldLabel(en, 'idNumber')).toBe('ID number');
    expect(fieldLabel(en, 'somethingNew')).toBe('somethingNew');
  });

  it('say what the days of a watch-list item mean', () => {
    expect(attentionDaysText(zh, { kind: 'late-registration', days: 9 })).toBe('入住 9 天后才登记');
    expect(attentionDaysText(zh, { kind: 'permit-expired', days: -43 })).toBe('已过期 43 天');
    expect(attentionDaysText(zh, { kind: 'permit-expiring', days: 7 })).toBe('还剩 7 天');
    expect(attentionDaysText(zh, { kind: 'permit-expiring', days: 0 })).toBe('今天到期');
    expect(attentionDaysText(en, { kind: 'rented-without-tenancy', days: null })).toBe('—');
  });
});
