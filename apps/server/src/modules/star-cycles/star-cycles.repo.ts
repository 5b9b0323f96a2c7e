import type { Kysely, Transaction } from 'kysely';
import { ENTRY_STATES, phaseOn, REVIEW_STATES, type PhaseSpan, type StarCatalogContent, type StarDefinition, type StarPhase } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { StarCyclesTable, StarEntriesTable, StarEntryStarsTable } from '../../platform/db/schema-stars.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { can } from '../../platform/policy/policy.ts';
import { catalogById } from '../stars/stars.repo.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type CycleRow = StarCyclesTable;
export type Cycle = { row: CycleRow; phases: PhaseSpan[]; catalog: StarCatalogContent };

export async function loadCycle(db: Db, id: string): Promise<Cycle> {
  const row = (await db.selectFrom('star_cycles').selectAll().where('id', '=', id).executeTakeFirst()) as CycleRow | undefined;
  if (!row) throw new AppError('STAR_CYCLE_NOT_FOUND');
  return { row, phases: JSON.parse(row.phases) as PhaseSpan[], catalog: await catalogById(db, row.catalog_id) };
}

export const currentPhaseOf = (c: { phases: PhaseSpan[] }, today: string) => phaseOn(c.phases, today);

/** Refuses a step outside its phase (409 STAR_OUT_OF_PHASE, naming both phases). */
export function requirePhase(c: { phases: PhaseSpan[] }, today: string, ...phases: StarPhase[]): void {
  const current = currentPhaseOf(c, today);
  if (!(phases as string[]).includes(current))
    throw new AppError('STAR_OUT_OF_PHASE', { current: `web.stars.phase.${current}`, phase: `web.stars.phase.${phases[0]}` }, { current, phases });
}

/** 409 naming the state in the way (an entry's, a star's review, or an objection already answered). */
export const stepNotAllowed = (state: string) => {
  const key = (ENTRY_STATES as readonly string[]).includes(state)
    ? `web.stars.entryState.${state}`
    : (REVIEW_STATES as readonly string[]).includes(state)
      ? `web.stars.reviewState.${state}`
      : `web.starCycles.state.${state}`;
  return new AppError('STAR_STEP_NOT_ALLOWED', { state: key }, { state });
};

export type EntryRow = StarEntriesTable & { community_name: string };

/** An entry of the cycle the actor may read (star:read at or above the community); STAR_ENTRY_NOT_FOUND otherwise. */
export async function loadEntry(db: Db, actor: Actor, cycleId: string, communityId: string): Promise<EntryRow> {
  const row = await db
    .selectFrom('star_entries as e')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .selectAll('e')
    .select('o.name as community_name')
    .where('e.cycle_id', '=', cycleId)
    .where('e.community_id', '=', communityId)
    .executeTakeFirst();
  if (!row || !can(actor, 'star:read', row.community_path)) throw new AppError('STAR_ENTRY_NOT_FOUND');
  return row as EntryRow;
}

export type EntryStarRow = StarEntryStarsTable;

export async function entryStars(db: Db, entryIds: string[]): Promise<EntryStarRow[]> {
  const out: EntryStarRow[] = [];
  for (let i = 0; i < entryIds.length; i += 500) {
    out.push(
      ...((await db
        .selectFrom('star_entry_stars')
        .selectAll()
        .where('entry_id', 'in', entryIds.slice(i, i + 500))
        .execute()) as EntryStarRow[]),
    );
  }
  return out;
}

export const parseScores = (text: string | null): Record<string, number> => (text ? (JSON.parse(text) as Record<string, number>) : {});
export const parseCodes = (text: string | null): string[] | null => (text ? (JSON.parse(text) as string[]) : null);

export function starOf(catalog: StarCatalogContent, code: string): StarDefinition {
  const star = catalog.stars.find((s) => s.code === code);
  if (!star) throw new AppError('STAR_CODE_UNKNOWN', { code });
  return star;
}

/** One hand-over in the entry's timeline. */
export async function writeStep(
  trx: Transaction<DB>,
  actor: { userId: string | null; displayName: string | null },
  at: string,
  s: { entryId: string; starCode?: string | null; action: string; note?: string | null },
): Promise<void> {
  await trx
    .insertInto('star_steps')
    .values({
      id: newId(),
      entry_id: s.entryId,
      star_code: s.starCode ?? null,
      action: s.action,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      at,
      note: s.note ?? null,
    })
    .execute();
}

/** Open (unanswered) objections per entry. */
export async function openObjections(db: Db, entryIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows = await db
      .selectFrom('star_objections')
      .select(['entry_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('entry_id', 'in', entryIds.slice(i, i + 500))
      .where('answered_at', 'is', null)
      .groupBy('entry_id')
      .execute();
    for (const r of rows) out.set(r.entry_id, Number(r.n));
  }
  return out;
}
