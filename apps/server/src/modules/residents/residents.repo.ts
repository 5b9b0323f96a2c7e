import type { Kysely } from 'kysely';
import { AGE_TAGS, bornOnOrBefore, checkIdNumber, normalizePhone, type PageQuery } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';
import { escapeLike, inScope, pathsCondition } from '../../platform/policy/scope.ts';
import { paginate } from '../../platform/http/pagination.ts';
import { idNumberIndex, phoneIndex } from './resident-codec.ts';

export type ResidentFilter = {
  q?: string | undefined;
  orgPath?: string | undefined;
  tag?: string | undefined;
  status?: string | undefined;
  minAge?: number | undefined;
  maxAge?: number | undefined;
  homeId?: string | undefined;
};

export const residentColumns = [
  'r.id',
  'r.grid_id',
  'r.org_path',
  'r.home_id',
  'r.household_id',
  'r.relation',
  'r.name',
  'r.gender',
  'r.birth_date',
  'r.id_number_masked',
  'r.phone_masked',
  'r.ethnicity_enc',
  'r.religion_enc',
  'r.political_status',
  'r.education',
  'r.occupation',
  'r.employer',
  'r.registration_type',
  'r.residence_permit_no',
  'r.residence_permit_expires',
  'r.status',
  'r.moved_in_at',
  'r.updated_at',
  'g.name as grid_name',
  'h.address',
] as const;

/** What a free-text query means: an ID number, a phone, the last four of an ID, pinyin, or a name/address. */
export function classifyQuery(
  q: string,
):
  | { kind: 'id'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'last4'; value: string }
  | { kind: 'pinyin'; value: string }
  | { kind: 'text'; value: string } {
  const v = q.trim();
  if (/^\d{15}$|^\d{17}[\dXx]$/.test(v)) {
    const checked = checkIdNumber(v);
    if (checked.ok) return { kind: 'id', value: checked.normalized };
  }
  const phone = /^[+\d][\d\s-]{6,}$/.test(v) ? normalizePhone(v) : null;
  if (phone) return { kind: 'phone', value: phone };
  if (/^\d{3}[\dXx]$/.test(v)) return { kind: 'last4', value: v.toUpperCase() };
  if (/^[a-zA-Z]+$/.test(v)) return { kind: 'pinyin', value: v.toLowerCase() };
  return { kind: 'text', value: v };
}

/**
 * The one query behind the list, the search and the export: scoped to the actor's registry:read
 * nodes, then narrowed by the filters.
 */
export function residentQuery(db: Kysely<DB>, actor: Actor, crypto: CryptoProvider, f: ResidentFilter, today: string) {
  let q = db
    .selectFrom('residents as r')
    .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
    .leftJoin('homes as h', 'h.id', 'r.home_id')
    .where((eb) => inScope(eb, 'r.org_path', actor, 'registry:read'));
  if (f.orgPath) q = q.where((eb) => pathsCondition(eb, 'r.org_path', [f.orgPath!]));
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.homeId) q = q.where('r.home_id', '=', f.homeId);
  if (f.minAge !== undefined) q = q.where('r.birth_date', '<=', bornOnOrBefore(f.minAge, today));
  if (f.maxAge !== undefined) q = q.where('r.birth_date', '>', bornOnOrBefore(f.maxAge + 1, today));
  if (f.tag) {
    const age = AGE_TAGS[f.tag];
    if (age !== undefined) q = q.where('r.birth_date', '<=', bornOnOrBefore(age, today));
    else
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('resident_tags as t').select('t.resident_id').whereRef('t.resident_id', '=', 'r.id').where('t.tag', '=', f.tag!)),
      );
  }
  if (f.q) {
    const c = classifyQuery(f.q);
    if (c.kind === 'id') q = q.where('r.id_number_idx', '=', idNumberIndex(crypto, c.value));
    else if (c.kind === 'phone') q = q.where('r.phone_idx', '=', phoneIndex(crypto, c.value));
    else if (c.kind === 'last4') q = q.where('r.id_last4', '=', c.value);
    else if (c.kind === 'pinyin') {
      const like = `${escapeLike(c.value)}%`;
      q = q.where((eb) => eb.or([eb('r.name_initials', 'like', like), eb('r.name_pinyin', 'like', like)]));
    } else {
      const like = `%${escapeLike(c.value)}%`;
      q = q.where((eb) => eb.or([eb('r.name', 'like', `${escapeLike(c.value)}%`), eb('h.address', 'like', like)]));
    }
  }
  return q;
}

export async function listResidents(db: Kysely<DB>, actor: Actor, crypto: CryptoProvider, f: ResidentFilter, page: PageQuery, today: string) {
  return paginate(residentQuery(db, actor, crypto, f, today), page, (x) => x.select(residentColumns).orderBy('r.name_pinyin').orderBy('r.id'));
}

export async function findResident(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('residents as r')
    .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
    .leftJoin('homes as h', 'h.id', 'r.home_id')
    .select(residentColumns)
    .where('r.id', '=', id)
    .where((eb) => inScope(eb, 'r.org_path', actor, 'registry:read'))
    .executeTakeFirst();
}
export type ResidentRow = NonNullable<Awaited<ReturnType<typeof findResident>>>;

/** The codes of sensitive tags (masked like health data), from the city's tag list. */
export async function sensitiveTagCodes(db: Kysely<DB>): Promise<Set<string>> {
  return new Set((await db.selectFrom('tag_definitions').select('code').where('sensitive', '=', 1).execute()).map((t) => t.code));
}

export async function tagsOf(db: Kysely<DB>, residentIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (residentIds.length === 0) return map;
  const rows = await db.selectFrom('resident_tags').select(['resident_id', 'tag']).where('resident_id', 'in', residentIds).orderBy('tag').execute();
  for (const r of rows) map.set(r.resident_id, [...(map.get(r.resident_id) ?? []), r.tag]);
  return map;
}
