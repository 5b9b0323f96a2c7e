import type { Kysely, Transaction } from 'kysely';
import { phaseOn, type PhaseSpan, type StarPhase, type SurveyChannel } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { escapeLike, inScope } from '../../platform/policy/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** One community's entry in a cycle, with what its survey needs. */
export type SurveyEntry = {
  id: string;
  cycleId: string;
  year: number;
  title: string;
  catalogId: string;
  communityId: string;
  communityPath: string;
  communityName: string;
  townshipName: string;
  token: string;
  phases: PhaseSpan[];
};

export type SurveyWindow = { phase: StarPhase | 'before'; open: boolean; opensOn: string | null; closesOn: string | null };

const entries = (db: Db) =>
  db
    .selectFrom('star_entries as e')
    .innerJoin('star_cycles as c', 'c.id', 'e.cycle_id')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .leftJoin('org_nodes as t', 't.id', 'o.parent_id')
    .select([
      'e.id',
      'e.cycle_id',
      'c.year',
      'c.title',
      'c.catalog_id',
      'c.phases',
      'e.community_id',
      'e.community_path',
      'e.survey_token',
      'o.name as community_name',
      't.name as township_name',
    ]);
type EntryRow = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>;

const toEntry = (r: EntryRow): SurveyEntry => ({
  id: r.id,
  cycleId: r.cycle_id,
  year: r.year,
  title: r.title,
  catalogId: r.catalog_id,
  communityId: r.community_id,
  communityPath: r.community_path,
  communityName: r.community_name,
  townshipName: r.township_name ?? '',
  token: r.survey_token,
  phases: JSON.parse(r.phases) as PhaseSpan[],
});

export async function entryByToken(db: Db, token: string): Promise<SurveyEntry | null> {
  const row = await entries(db).where('e.survey_token', '=', token).executeTakeFirst();
  return row ? toEntry(row) : null;
}

export async function entryOf(db: Db, cycleId: string, communityId: string): Promise<SurveyEntry | null> {
  const row = await entries(db).where('e.cycle_id', '=', cycleId).where('e.community_id', '=', communityId).executeTakeFirst();
  return row ? toEntry(row) : null;
}

/** Every path above each of `paths` (`/a/b/c/` → `/a/`, `/a/b/`): a grid's community among them. */
export function ancestorsOf(paths: readonly string[]): string[] {
  const out = new Set<string>(['/']);
  for (const p of paths) {
    const ids = p.split('/').filter(Boolean);
    for (let i = 1; i < ids.length; i++) out.add(`/${ids.slice(0, i).join('/')}/`);
  }
  return [...out];
}

/** Entries of one cycle year whose community lies on one of `paths` (at, above or below it), in tree order. */
export async function entriesOfYear(db: Db, year: number, paths: readonly string[]): Promise<SurveyEntry[]> {
  if (paths.length === 0) return [];
  const rows = await entries(db)
    .where('c.year', '=', year)
    .where((eb) => eb.or([...paths.map((p) => eb('e.community_path', 'like', `${escapeLike(p)}%`)), eb('e.community_path', 'in', ancestorsOf(paths))]))
    .orderBy('t.sort_order')
    .orderBy('o.sort_order')
    .orderBy('o.code')
    .execute();
  return rows.map(toEntry);
}

export async function cycleYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('star_cycles').select('year').orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}

/** The survey is open only in the entry's cycle's resident-survey phase. */
export function surveyWindow(entry: SurveyEntry, today: string): SurveyWindow {
  const span = entry.phases.find((p) => p.phase === 'resident-survey');
  const phase = phaseOn(entry.phases, today);
  return { phase, open: phase === 'resident-survey', opensOn: span?.startsOn ?? null, closesOn: span?.endsOn ?? null };
}

/** Households registered in the community (the denominator of participation). */
export async function householdCount(db: Db, communityPath: string): Promise<number> {
  const row = await db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_path', 'like', `${escapeLike(communityPath)}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function responseCounts(db: Db, entryId: string): Promise<{ total: number; byChannel: Record<SurveyChannel, number> }> {
  const rows = await db
    .selectFrom('star_survey_responses')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('entry_id', '=', entryId)
    .groupBy('channel')
    .execute();
  const byChannel: Record<SurveyChannel, number> = { sms: 0, 'household-code': 0, paper: 0 };
  for (const r of rows) if (r.channel in byChannel) byChannel[r.channel as SurveyChannel] = Number(r.n);
  return { total: byChannel.sms + byChannel['household-code'] + byChannel.paper, byChannel };
}

export async function hasResponded(db: Db, entryId: string, key: string): Promise<boolean> {
  const row = await db.selectFrom('star_survey_responses').select('id').where('entry_id', '=', entryId).where('household_key', '=', key).executeTakeFirst();
  return !!row;
}

/** A household of the community that the actor holds star:survey over; null otherwise (outside = not found). */
export async function surveyHousehold(db: Db, actor: Actor, entry: SurveyEntry, householdId: string): Promise<{ id: string } | null> {
  const row = await db
    .selectFrom('households as hh')
    .select('hh.id')
    .where('hh.id', '=', householdId)
    .where('hh.org_path', 'like', `${escapeLike(entry.communityPath)}%`)
    .where((eb) => inScope(eb, 'hh.org_path', actor, 'star:survey'))
    .executeTakeFirst();
  return row ?? null;
}

/** Households to pick from (address, grid, the head's name with the given name hidden); never whether they answered. */
export async function listSurveyHouseholds(db: Db, actor: Actor, entry: SurveyEntry, q: string | undefined) {
  let query = db
    .selectFrom('households as hh')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
    .leftJoin('residents as head', 'head.id', 'hh.head_resident_id')
    .select(['hh.id', 'h.address', 'g.name as grid_name', 'head.name as head_name'])
    .where('hh.org_path', 'like', `${escapeLike(entry.communityPath)}%`)
    .where((eb) => inScope(eb, 'hh.org_path', actor, 'star:survey'));
  if (q) query = query.where('h.address', 'like', `%${escapeLike(q)}%`);
  const rows = await query.orderBy('g.code').orderBy('h.address').limit(50).execute();
  return rows.map((r) => ({
    id: r.id,
    address: r.address,
    gridName: r.grid_name,
    headName: r.head_name ? `${r.head_name.slice(0, 1)}${'*'.repeat(Math.max(1, r.head_name.length - 1))}` : null,
  }));
}
