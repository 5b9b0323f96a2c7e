import { randomBytes } from 'node:crypto';
import { movePhase, planPhases, starPasses, type PhaseSpan, type SelfAssessmentInput, type StarPhase, type TownshipScoresInput } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authorize } from '../../platform/policy/policy.ts';
import { attachFiles } from '../files/files.commands.ts';
import { catalogOfYear, departmentCodesOf } from '../stars/stars.repo.ts';
import { communityFigures, fillScores, sourcesOf } from './star-cycles.figures.ts';
import {
  currentPhaseOf,
  entryStars,
  loadCycle,
  loadEntry,
  parseScores,
  requirePhase,
  starOf,
  stepNotAllowed,
  writeStep,
  type EntryRow,
} from './star-cycles.repo.ts';
import { mayApprove, mayReview, mayScore, maySelfAssess } from './star-cycles.policy.ts';

export const STAR_FILE_TYPE = 'star-entry-star';
/** Default phase lengths in calendar days (editable per cycle after creation with movePhase). */
export const DEFAULT_PHASE_DAYS = { 'self-assessment': 15, 'resident-survey': 10, 'township-scoring': 10, 'department-review': 10, 'city-approval': 5 };

const who = (a: Actor) => ({ userId: a.userId, displayName: a.displayName });

export type CreateCycleInput = { year: number; title?: string | undefined; startsOn: string; noticeWorkingDays: number; communityIds?: string[] | undefined };

/** Creates the year's cycle: locks the catalog, lays out the phases, one entry per community taking part. */
export async function createCycle(ctx: AppContext, audit: AuditContext, actor: Actor, input: CreateCycleInput): Promise<string> {
  authorize(actor, 'star:approve');
  const catalog = await catalogOfYear(ctx.db, input.year);
  if (await ctx.db.selectFrom('star_cycles').select('id').where('year', '=', input.year).executeTakeFirst()) throw new AppError('STAR_CYCLE_YEAR_TAKEN');
  let q = ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('kind', 'in', ['community', 'village']);
  if (input.communityIds) q = q.where('id', 'in', input.communityIds);
  const communities = await q.orderBy('path').execute();
  if (input.communityIds && communities.length !== new Set(input.communityIds).size) throw new AppError('ORG_NOT_FOUND');
  const phases = planPhases(await ctx.calendar.get(), input.startsOn, DEFAULT_PHASE_DAYS, input.noticeWorkingDays);
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx.updateTable('star_catalogs').set({ locked_at: at }).where('id', '=', catalog.id).where('locked_at', 'is', null).executeTakeFirst();
    if (Number(locked.numUpdatedRows) !== 1 && !catalog.locked) throw new AppError('STAR_CYCLE_YEAR_TAKEN');
    await trx
      .insertInto('star_cycles')
      .values({
        id,
        year: input.year,
        catalog_id: catalog.id,
        title: input.title ?? `${input.year}`,
        notice_working_days: input.noticeWorkingDays,
        phases: JSON.stringify(phases),
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (let i = 0; i < communities.length; i += 100) {
      const entries = communities.slice(i, i + 100).map((c) => ({
        id: newId(),
        cycle_id: id,
        community_id: c.id,
        community_path: c.path,
        state: 'drafting',
        survey_token: randomBytes(16).toString('base64url'),
        submitted_at: null,
        submitted_by: null,
        scored_at: null,
        scored_by: null,
        approved_at: null,
        approved_by: null,
        awarded: null,
        displayed_at: null,
        updated_at: at,
      }));
      await trx.insertInto('star_entries').values(entries).execute();
      const stars = entries.flatMap((e) =>
        catalog.content.stars.map((s) => ({
          id: newId(),
          entry_id: e.id,
          star_code: s.code,
          self_scores: null,
          self_note: null,
          evidence_links: null,
          township_scores: null,
          township_note: null,
          score: null,
          review_state: 'pending',
          review_reason: null,
          reviewed_by: null,
          reviewed_at: null,
          updated_at: at,
        })),
      );
      for (let j = 0; j < stars.length; j += 200)
        await trx
          .insertInto('star_entry_stars')
          .values(stars.slice(j, j + 200))
          .execute();
      for (const e of entries) await writeStep(trx, who(actor), at, { entryId: e.id, action: 'created' });
    }
    await ctx.audit(trx, audit, {
      action: 'star-cycle.create',
      targetType: 'star-cycle',
      targetId: id,
      details: { year: input.year, communities: communities.length, startsOn: input.startsOn },
    });
  });
  return id;
}

/** Moves one phase's dates (the chain follows, movePhase); 422 STAR_PHASE_DATES_INVALID with the problems. */
export async function moveCyclePhase(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  phase: StarPhase,
  input: { startsOn: string; endsOn?: string | undefined; noticeWorkingDays?: number | undefined },
): Promise<void> {
  authorize(actor, 'star:approve');
  const cycle = await loadCycle(ctx.db, id);
  const noticeWorkingDays = phase === 'public-notice' && input.noticeWorkingDays ? input.noticeWorkingDays : cycle.row.notice_working_days;
  const moved = movePhase(
    await ctx.calendar.get(),
    cycle.phases,
    phase,
    { startsOn: input.startsOn, endsOn: input.endsOn ?? null },
    {
      today: chinaDate(ctx.clock.now()),
      noticeWorkingDays,
    },
  );
  if (moved.problems.length > 0) throw new AppError('STAR_PHASE_DATES_INVALID', { problem: moved.problems.map((p) => p.message).join('; ') }, moved.problems);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('star_cycles')
      .set({ phases: JSON.stringify(moved.chain), notice_working_days: noticeWorkingDays, updated_at: at })
      .where('id', '=', id)
      .execute();
    await ctx.audit(trx, audit, {
      action: 'star-cycle.move-phase',
      targetType: 'star-cycle',
      targetId: id,
      details: { phase, before: cycle.phases, after: moved.chain as PhaseSpan[] },
    });
  });
}

type EntryCtx = { cycle: Awaited<ReturnType<typeof loadCycle>>; entry: EntryRow; today: string; at: string };

async function entryContext(ctx: AppContext, actor: Actor, cycleId: string, communityId: string): Promise<EntryCtx> {
  const cycle = await loadCycle(ctx.db, cycleId);
  const entry = await loadEntry(ctx.db, actor, cycleId, communityId);
  const now = ctx.clock.now();
  return { cycle, entry, today: chinaDate(now), at: now.toISOString() };
}

/** Guarded state change: refuses (409) when another request moved the entry first. */
async function setEntryState(trx: Parameters<typeof writeStep>[0], entry: EntryRow, to: string, set: Record<string, string | null>) {
  const res = await trx
    .updateTable('star_entries')
    .set({ state: to, ...set })
    .where('id', '=', entry.id)
    .where('state', '=', entry.state)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw stepNotAllowed(entry.state);
}

/** The community saves its self-assessment (any stars, any number of times while drafting). */
export async function saveSelfAssessment(ctx: AppContext, audit: AuditContext, actor: Actor, cycleId: string, communityId: string, input: SelfAssessmentInput) {
  const { cycle, entry, today, at } = await entryContext(ctx, actor, cycleId, communityId);
  if (!maySelfAssess(actor, entry)) throw new AppError('FORBIDDEN');
  requirePhase(cycle, today, 'self-assessment');
  if (entry.state !== 'drafting') throw stepNotAllowed(entry.state);
  for (const s of input.stars) {
    const star = starOf(cycle.catalog, s.starCode);
    for (const code of Object.keys(s.selfScores)) if (!star.indicators.some((i) => i.code === code)) throw new AppError('STAR_INDICATOR_UNKNOWN', { code });
  }
  await ctx.db.transaction().execute(async (trx) => {
    for (const s of input.stars) {
      const row = await trx
        .selectFrom('star_entry_stars')
        .select('id')
        .where('entry_id', '=', entry.id)
        .where('star_code', '=', s.starCode)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('star_entry_stars')
        .set({ self_scores: JSON.stringify(s.selfScores), self_note: s.note || null, evidence_links: JSON.stringify(s.evidenceLinks), updated_at: at })
        .where('id', '=', row.id)
        .execute();
      await attachFiles(trx, actor, s.attachmentIds, { type: STAR_FILE_TYPE, id: row.id, orgPath: entry.community_path });
    }
    await trx.updateTable('star_entries').set({ updated_at: at }).where('id', '=', entry.id).execute();
    await writeStep(trx, who(actor), at, { entryId: entry.id, action: 'self-assessment-saved', note: input.stars.map((s) => s.starCode).join(',') });
    await ctx.audit(trx, audit, {
      action: 'star-entry.self-assess',
      targetType: 'star-entry',
      targetId: entry.id,
      orgId: entry.community_id,
      details: { stars: input.stars.map((s) => s.starCode) },
    });
  });
}

/** The community hands its self-assessment over (every manual indicator of every star self-scored). */
export async function submitSelfAssessment(ctx: AppContext, audit: AuditContext, actor: Actor, cycleId: string, communityId: string) {
  const { cycle, entry, today, at } = await entryContext(ctx, actor, cycleId, communityId);
  if (!maySelfAssess(actor, entry)) throw new AppError('FORBIDDEN');
  requirePhase(cycle, today, 'self-assessment');
  if (entry.state !== 'drafting') throw stepNotAllowed(entry.state);
  const rows = await entryStars(ctx.db, [entry.id]);
  const missing: string[] = [];
  for (const r of rows) {
    const self = parseScores(r.self_scores);
    for (const ind of starOf(cycle.catalog, r.star_code).indicators)
      if (ind.source === 'manual' && self[ind.code] === undefined) missing.push(`${r.star_code}/${ind.code}`);
  }
  if (missing.length > 0) throw new AppError('STAR_SCORES_INCOMPLETE', { missing: missing.slice(0, 10).join(', ') }, { missing });
  await ctx.db.transaction().execute(async (trx) => {
    await setEntryState(trx, entry, 'submitted', { submitted_at: at, submitted_by: actor.userId, updated_at: at });
    await writeStep(trx, who(actor), at, { entryId: entry.id, action: 'submitted' });
    await ctx.audit(trx, audit, { action: 'star-entry.submit', targetType: 'star-entry', targetId: entry.id, orgId: entry.community_id, details: {} });
  });
}

async function figuresFor(ctx: AppContext, ec: EntryCtx) {
  const org = await ctx.db.selectFrom('org_nodes').select(['id', 'path', 'name', 'kind']).where('id', '=', ec.entry.community_id).executeTakeFirstOrThrow();
  return communityFigures(ctx, ctx.db, org, ec.entry.id, ec.cycle.row.year, sourcesOf(ec.cycle.catalog.stars));
}

/**
 * The township saves scores: during township scoring any star of a submitted entry; during the
 * department review only returned stars of a scored entry, which go back to pending.
 */
export async function saveTownshipScores(ctx: AppContext, audit: AuditContext, actor: Actor, cycleId: string, communityId: string, input: TownshipScoresInput) {
  const ec = await entryContext(ctx, actor, cycleId, communityId);
  const { cycle, entry, today, at } = ec;
  if (!mayScore(actor, entry)) throw new AppError('FORBIDDEN');
  requirePhase(cycle, today, 'township-scoring', 'department-review');
  const rescoring = currentPhaseOf(cycle, today) === 'department-review';
  if (entry.state !== (rescoring ? 'scored' : 'submitted')) throw stepNotAllowed(entry.state);
  const rows = new Map((await entryStars(ctx.db, [entry.id])).map((r) => [r.star_code, r]));
  for (const s of input.stars) {
    const star = starOf(cycle.catalog, s.starCode);
    for (const code of Object.keys(s.scores)) if (!star.indicators.some((i) => i.code === code)) throw new AppError('STAR_INDICATOR_UNKNOWN', { code });
    if (rescoring && rows.get(s.starCode)?.review_state !== 'returned') throw stepNotAllowed(rows.get(s.starCode)?.review_state ?? entry.state);
  }
  const figures = await figuresFor(ctx, ec);
  await ctx.db.transaction().execute(async (trx) => {
    for (const s of input.stars) {
      const row = rows.get(s.starCode)!;
      const filled = fillScores(starOf(cycle.catalog, s.starCode), { ...parseScores(row.township_scores), ...s.scores }, figures);
      await trx
        .updateTable('star_entry_stars')
        .set({
          township_scores: JSON.stringify(filled.scores),
          township_note: s.note || null,
          score: filled.score,
          ...(rescoring ? { review_state: 'pending', review_reason: null, reviewed_by: null, reviewed_at: null } : {}),
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      if (rescoring) await writeStep(trx, who(actor), at, { entryId: entry.id, starCode: s.starCode, action: 'rescored', note: s.note || null });
    }
    if (!rescoring) await writeStep(trx, who(actor), at, { entryId: entry.id, action: 'scores-saved', note: input.stars.map((s) => s.starCode).join(',') });
    await ctx.audit(trx, audit, {
      action: rescoring ? 'star-entry.rescore' : 'star-entry.score',
      targetType: 'star-entry',
      targetId: entry.id,
      orgId: entry.community_id,
      details: { stars: input.stars.map((s) => s.starCode) },
    });
  });
}

/** The township hands its scores over: every star scored (computed indicators refreshed from the figures). */
export async function submitTownshipScores(ctx: AppContext, audit: AuditContext, actor: Actor, cycleId: string, communityId: string) {
  const ec = await entryContext(ctx, actor, cycleId, communityId);
  const { cycle, entry, today, at } = ec;
  if (!mayScore(actor, entry)) throw new AppError('FORBIDDEN');
  requirePhase(cycle, today, 'township-scoring');
  if (entry.state !== 'submitted') throw stepNotAllowed(entry.state);
  const figures = await figuresFor(ctx, ec);
  const rows = await entryStars(ctx.db, [entry.id]);
  const filled = rows.map((r) => ({ row: r, ...fillScores(starOf(cycle.catalog, r.star_code), parseScores(r.township_scores), figures) }));
  const missing = filled.flatMap((f) => f.missing.map((m) => `${f.row.star_code}/${m}`));
  if (missing.length > 0) throw new AppError('STAR_SCORES_INCOMPLETE', { missing: missing.slice(0, 10).join(', ') }, { missing });
  await ctx.db.transaction().execute(async (trx) => {
    for (const f of filled)
      await trx
        .updateTable('star_entry_stars')
        .set({ township_scores: JSON.stringify(f.scores), score: f.score, updated_at: at })
        .where('id', '=', f.row.id)
        .execute();
    await setEntryState(trx, entry, 'scored', { scored_at: at, scored_by: actor.userId, updated_at: at });
    await writeStep(trx, who(actor), at, { entryId: entry.id, action: 'scored' });
    await ctx.audit(trx, audit, {
      action: 'star-entry.submit-scores',
      targetType: 'star-entry',
      targetId: entry.id,
      orgId: entry.community_id,
      details: { scores: Object.fromEntries(filled.map((f) => [f.row.star_code, f.score])) },
    });
  });
}

/** A reviewing department accepts a star or returns it with a reason; all accepted → the entry is reviewed. */
export async function reviewStar(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  cycleId: string,
  communityId: string,
  starCode: string,
  decision: { accept: true } | { accept: false; reason: string },
) {
  const { cycle, entry, today, at } = await entryContext(ctx, actor, cycleId, communityId);
  const star = starOf(cycle.catalog, starCode);
  const departments = await departmentCodesOf(ctx.db, actor.userId);
  const row = (await entryStars(ctx.db, [entry.id])).find((r) => r.star_code === starCode)!;
  if (!mayReview(actor, { review_state: row.review_state, departmentCode: star.departmentCode }, departments)) throw new AppError('FORBIDDEN');
  requirePhase(cycle, today, 'department-review');
  if (entry.state !== 'scored' || row.review_state !== 'pending') throw stepNotAllowed(entry.state === 'scored' ? row.review_state : entry.state);
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('star_entry_stars')
      .set({
        review_state: decision.accept ? 'accepted' : 'returned',
        review_reason: decision.accept ? null : decision.reason,
        reviewed_by: actor.userId,
        reviewed_at: at,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .where('review_state', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw stepNotAllowed(row.review_state);
    await writeStep(trx, who(actor), at, {
      entryId: entry.id,
      starCode,
      action: decision.accept ? 'accepted' : 'returned',
      note: decision.accept ? null : decision.reason,
    });
    const notAccepted = await trx
      .selectFrom('star_entry_stars')
      .select('id')
      .where('entry_id', '=', entry.id)
      .where('review_state', '!=', 'accepted')
      .limit(1)
      .executeTakeFirst();
    if (!notAccepted) {
      await setEntryState(trx, entry, 'reviewed', { updated_at: at });
      await writeStep(trx, who(actor), at, { entryId: entry.id, action: 'reviewed' });
    }
    await ctx.audit(trx, audit, {
      action: decision.accept ? 'star-entry.accept' : 'star-entry.return',
      targetType: 'star-entry',
      targetId: entry.id,
      orgId: entry.community_id,
      details: { star: starCode, department: star.departmentCode, ...(decision.accept ? {} : { reason: decision.reason }) },
    });
  });
}

/** The city approves a reviewed entry: awarded = accepted stars whose score reaches the pass mark. */
export async function approveEntry(ctx: AppContext, audit: AuditContext, actor: Actor, cycleId: string, communityId: string) {
  const { cycle, entry, today, at } = await entryContext(ctx, actor, cycleId, communityId);
  if (!mayApprove(actor, entry)) throw new AppError('FORBIDDEN');
  requirePhase(cycle, today, 'city-approval');
  if (entry.state !== 'reviewed') throw stepNotAllowed(entry.state);
  const rows = await entryStars(ctx.db, [entry.id]);
  const awarded = cycle.catalog.stars
    .filter((s) => {
      const r = rows.find((x) => x.star_code === s.code);
      return r && r.review_state === 'accepted' && starPasses(r.score === null ? null : Number(r.score), s.passMark);
    })
    .map((s) => s.code);
  await ctx.db.transaction().execute(async (trx) => {
    await setEntryState(trx, entry, 'approved', { approved_at: at, approved_by: actor.userId, awarded: JSON.stringify(awarded), updated_at: at });
    await writeStep(trx, who(actor), at, { entryId: entry.id, action: 'approved', note: awarded.join(',') });
    await ctx.audit(trx, audit, {
      action: 'star-entry.approve',
      targetType: 'star-entry',
      targetId: entry.id,
      orgId: entry.community_id,
      details: { awarded },
    });
  });
}
