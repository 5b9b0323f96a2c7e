import type { Selectable } from 'kysely';
import { translate, type Locale, type RequestState } from '@lingyan/shared';
import type { ServiceItemsTable } from '../../platform/db/schema.ts';
import type { XmlValue } from './xml.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** ISO 8601 in China time, as the spec's examples carry an offset: 2026-11-26T10:00:00+08:00. */
export function chinaIso(utcIso: string): string {
  return `${new Date(Date.parse(utcIso) + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A request is closed once it ended (archived or refused); everything before is open. */
export function statusOf(state: string): 'open' | 'closed' {
  return state === 'closed' || state === 'refused' ? 'closed' : 'open';
}
export const STATES_OF: Record<'open' | 'closed', RequestState[]> = {
  open: ['received', 'accepted', 'waiting', 'completed', 'informed', 'rated'],
  closed: ['closed', 'refused'],
};

/** The time limit, said the way the hall's notice board says it. */
export function serviceNotice(limitDays: number, locale: Locale): string {
  if (locale === 'en') return limitDays === 0 ? 'Done on the spot' : `To be completed within ${limitDays} working days`;
  return limitDays === 0 ? '即办件，当场办结' : `承诺 ${limitDays} 个工作日内办结`;
}

function materialsSummary(materials: string[], locale: Locale): string {
  if (locale === 'en') return materials.length ? `What to bring: ${materials.join('; ')}` : 'Nothing to bring';
  return materials.length ? `所需材料：${materials.join('、')}` : '无需材料';
}

/** GET services: the catalog's items offered online. */
export function presentService(i: Selectable<ServiceItemsTable>, locale: Locale): XmlValue {
  return {
    service_code: i.code,
    service_name: i.name,
    description: materialsSummary(JSON.parse(i.materials) as string[], locale),
    metadata: false,
    type: 'realtime',
    keywords: i.category,
    group: i.category,
  };
}

export type RequestFacts = {
  number: string;
  state: string;
  item_code: string;
  item_name: string;
  department: string;
  limit_days: number;
  description: string;
  received_at: string;
  updated_at: string;
  completion_due: string;
  address: string | null;
  /** The latest public step: its state and, for a pause or refusal, its reason. */
  last: { to_state: string | null; action: string; note: string | null } | null;
};

/** One request as GET requests shows it; description and address only for a key holder who may read it. */
export function presentRequest(r: RequestFacts, locale: Locale, personal: boolean): XmlValue {
  const last = r.last;
  const reason = last && (last.action === 'pause' || last.action === 'refuse') ? last.note : null;
  const label = translate(locale, `requestState.${last?.to_state ?? r.state}`);
  return {
    service_request_id: r.number,
    status: statusOf(r.state),
    status_notes: reason ? `${label}${locale === 'en' ? ': ' : '：'}${reason}` : label,
    service_name: r.item_name,
    service_code: r.item_code,
    description: personal ? r.description : null,
    agency_responsible: r.department,
    service_notice: serviceNotice(r.limit_days, locale),
    requested_datetime: chinaIso(r.received_at),
    updated_datetime: chinaIso(r.updated_at),
    // Due by the end of its due date, China time; a refused request is not expected at all.
    expected_datetime: r.state === 'refused' ? null : `${r.completion_due}T23:59:59+08:00`,
    address: personal ? r.address : null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}
