import { sql, type Kysely, type SqlBool } from 'kysely';
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

/** Searches that match more rows than this report "more than" instead of counting them all. */
export const SEARCH_COUNT_CAP = 1000;

/** A prefix of a pinyin key: a LIKE that an index serves on both engines (see database.ts). */
function pinyinPrefix(col: 'r.name_initials' | 'r.name_pinyin', value: string) {
  return sql<SqlBool>`${sql.ref(col)} like ${escapeLike(value) + '%'} escape '\\'`;
}

/**
 * The one filter behind the list, the search and the export, on `residents as r` alone: scoped to
 * the actor's registry:read nodes, then narrowed by the filters. Joins are added by the callers
 * that need them, so a search can stay inside an index.
 */
export function residentFilter(db: Kysely<DB>, actor: Actor, crypto: CryptoProvider, f: ResidentFilter, today: string) {
  let q = db.selectFrom('residents as r').where((eb) => inScope(eb, 'r.org_path', actor, 'registry:read'));
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
    else if (c.kind === 'pinyin') q = q.where((eb) => eb.or([pinyinPrefix('r.name_initials', c.value), pinyinPrefix('r.name_pinyin', c.value)]));
    else {
      const like = `%${escapeLike(c.value)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('r.name', 'like', `${escapeLike(c.value)}%`),
          eb('r.home_id', 'in', eb.selectFrom('homes as h2').select('h2.id').where('h2.address', 'like', like)),
        ]),
      );
    }
  }
  return q;
}

/** The filter with the grid and the home joined, for callers that select residentColumns. */
export function residentQuery(db: Kysely<DB>, actor: Actor, crypto: CryptoProvider, f: ResidentFilter, today: string) {
  return residentFilter(db, actor, crypto, f, today).innerJoin('org_nodes as g', 'g.id', 'r.grid_id').leftJoin('homes as h', 'h.id', 'r.home_id');
}

type Arm = { query: ReturnType<typeof residentFilter>; order: ('r.name_initials' | 'r.name_pinyin' | 'r.id')[] };

/**
 * The arms of a search, in the order they are listed. A pinyin search lists the residents whose
 * initials match first (by initials, then pinyin), then those whose full pinyin matches and
 * initials do not (by pinyin): each arm is read in the order of its covering index, so a page
 * never sorts all the matches. Any other search is one arm in pinyin order.
 */
function searchArms(db: Kysely<DB>, actor: Actor, crypto: CryptoProvider, f: ResidentFilter, today: string): Arm[] {
  const c = classifyQuery(f.q!);
  if (c.kind !== 'pinyin') return [{ query: residentFilter(db, actor, crypto, f, today), order: ['r.name_pinyin', 'r.id'] }];
  const rest = { ...f, q: undefined };
  return [
    {
      query: residentFilter(db, actor, crypto, rest, today).where(pinyinPrefix('r.name_initials', c.value)),
      order: ['r.name_initials', 'r.name_pinyin', 'r.id'],
    },
    {
      query: residentFilter(db, actor, crypto, rest, today)
        .where(pinyinPrefix('r.name_pinyin', c.value))
        .where((eb) => eb.not(pinyinPrefix('r.name_initials', c.value))),
      order: ['r.name_pinyin', 'r.id'],
    },
  ];
}

/**
 * One page of the list. Without a search it counts exactly. With one, it counts up to
 * SEARCH_COUNT_CAP (then says `totalCapped`), takes the page's ids from the arms in order, and
 * joins only those rows.
 */
export async function listResidents(db: Kysely<DB>, actor: Actor, crypto: CryptoProvider, f: ResidentFilter, page: PageQuery, today: string) {
  if (!f.q) return paginate(residentQuery(db, actor, crypto, f, today), page, (x) => x.select(residentColumns).orderBy('r.name_pinyin').orderBy('r.id'));
  let skip = (page.page - 1) * page.pageSize;
  let counted = 0;
  const ids: string[] = [];
  for (const arm of searchArms(db, actor, crypto, f, today)) {
    if (counted > SEARCH_COUNT_CAP) break;
    const limited = arm.query
      .select('r.id')
      .limit(SEARCH_COUNT_CAP + 1 - counted)
      .as('c');
    const n = Number(
      (
        await db
          .selectFrom(limited)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    counted += n;
    if (ids.length < page.pageSize && skip < n) {
      let q = arm.query.select('r.id');
      for (const col of arm.order) q = q.orderBy(col);
      ids.push(
        ...(
          await q
            .limit(page.pageSize - ids.length)
            .offset(skip)
            .execute()
        ).map((r) => r.id),
      );
    }
    skip = Math.max(0, skip - n);
  }
  const rows = ids.length
    ? await db
        .selectFrom('residents as r')
        .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
        .leftJoin('homes as h', 'h.id', 'r.home_id')
        .select(residentColumns)
        .where('r.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: ids.map((id) => byId.get(id)!),
    total: Math.min(counted, SEARCH_COUNT_CAP),
    totalCapped: counted > SEARCH_COUNT_CAP,
    page: page.page,
    pageSize: page.pageSize,
  };
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
