import {
  ENTRY_STATES,
  STAR_LEVELS,
  starPasses,
  starStanding,
  type EntryProgress,
  type EvidenceLink,
  type ReviewQueueItem,
  type StarCycleDetail,
  type StarCycleSummary,
  type StarEntryDetail,
  type StarObjection,
  type StarRules,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { filesOf } from '../files/files.commands.ts';
import { departmentCodesOf, starNamesOf } from '../stars/stars.repo.ts';
import { communityFigures, figureOf, sourcesOf } from './star-cycles.figures.ts';
import { currentPhaseOf, entryStars, loadCycle, openObjections, parseCodes, parseScores, type Cycle, type EntryRow } from './star-cycles.repo.ts';
import { cycleAbilities, entryAbilities, mayApprove, starAbilities } from './star-cycles.policy.ts';
import { STAR_FILE_TYPE } from './star-cycles.commands.ts';

const levelOf = (awarded: string[] | null, rules: StarRules) => (awarded ? starStanding(awarded, rules).level : null);

/** Every cycle, newest first, with counts of the caller's entries by state. */
export async function listCycles(ctx: AppContext, actor: Actor): Promise<StarCycleSummary[]> {
  const today = chinaDate(ctx.clock.now());
  const cycles = await ctx.db.selectFrom('star_cycles').selectAll().orderBy('year', 'desc').execute();
  const counts = await ctx.db
    .selectFrom('star_entries as e')
    .select(['e.cycle_id', 'e.state', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => inScope(eb, 'e.community_path', actor, 'star:read'))
    .groupBy(['e.cycle_id', 'e.state'])
    .execute();
  return cycles.map((c) => {
    const phases = JSON.parse(c.phases);
    const byState = Object.fromEntries(ENTRY_STATES.map((s) => [s, 0]));
    for (const r of counts) if (r.cycle_id === c.id) byState[r.state] = Number(r.n);
    const phase = currentPhaseOf({ phases }, today);
    return {
      id: c.id,
      year: Number(c.year),
      title: c.title,
      phases,
      currentPhase: phase,
      noticeWorkingDays: Number(c.notice_working_days),
      entries: Object.values(byState).reduce((a, b) => a + b, 0),
      byState,
      abilities: cycleAbilities(actor, phase),
    };
  });
}

/** The cycle with the dashboard: progress per community in scope, distributions of stars awarded and levels. */
export async function cycleDetail(ctx: AppContext, actor: Actor, id: string): Promise<StarCycleDetail> {
  const cycle = await loadCycle(ctx.db, id);
  const today = chinaDate(ctx.clock.now());
  const phase = currentPhaseOf(cycle, today);
  const rules = await ctx.settings.get('stars.rules');
  const entries = await ctx.db
    .selectFrom('star_entries as e')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .innerJoin('org_nodes as t', 't.id', 'o.parent_id')
    .select(['e.id', 'e.community_id', 'e.community_path', 'e.state', 'e.awarded', 'o.name', 't.name as township_name'])
    .where('e.cycle_id', '=', id)
    .where((eb) => inScope(eb, 'e.community_path', actor, 'star:read'))
    .orderBy('e.community_path')
    .execute();
  const ids = entries.map((e) => e.id);
  const stars = await entryStars(ctx.db, ids);
  const open = await openObjections(ctx.db, ids);
  const byEntry = new Map<string, typeof stars>();
  for (const s of stars) byEntry.set(s.entry_id, [...(byEntry.get(s.entry_id) ?? []), s]);
  const byState = Object.fromEntries(ENTRY_STATES.map((s) => [s, 0]));
  const awardedCounts = new Map<number, number>();
  const levels = new Map<string, number>();
  const progress: EntryProgress[] = entries.map((e) => {
    byState[e.state] = (byState[e.state] ?? 0) + 1;
    const mine = byEntry.get(e.id) ?? [];
    const awarded = parseCodes(e.awarded);
    const level = levelOf(awarded, rules);
    if (awarded && (e.state === 'approved' || e.state === 'displayed')) {
      awardedCounts.set(awarded.length, (awardedCounts.get(awarded.length) ?? 0) + 1);
      levels.set(level!, (levels.get(level!) ?? 0) + 1);
    }
    return {
      entryId: e.id,
      communityId: e.community_id,
      communityName: e.name,
      townshipName: e.township_name,
      state: e.state as EntryProgress['state'],
      starsScored: mine.filter((s) => s.score !== null).length,
      starsAccepted: mine.filter((s) => s.review_state === 'accepted').length,
      starsReturned: mine.filter((s) => s.review_state === 'returned').length,
      awarded,
      awardedCount: awarded ? awarded.length : null,
      level,
      openObjections: open.get(e.id) ?? 0,
      abilities: entryAbilities(actor, e, phase, open.get(e.id) ?? 0),
    };
  });
  return {
    id,
    year: Number(cycle.row.year),
    title: cycle.row.title,
    phases: cycle.phases,
    currentPhase: phase,
    noticeWorkingDays: Number(cycle.row.notice_working_days),
    entries: entries.length,
    byState,
    stars: cycle.catalog.stars.map((s) => ({ code: s.code, name: s.name })),
    progress,
    awardedDistribution: Array.from({ length: cycle.catalog.stars.length + 1 }, (_, n) => ({ count: n, entries: awardedCounts.get(n) ?? 0 })),
    levelDistribution: STAR_LEVELS.map((l) => ({ level: l, entries: levels.get(l) ?? 0 })),
    abilities: cycleAbilities(actor, phase),
  };
}

/** One community's evaluation: every star with its definition, scores, figures, evidence, review; the timeline; objections for the city. */
export async function entryDetail(ctx: AppContext, actor: Actor, cycle: Cycle, entry: EntryRow): Promise<StarEntryDetail> {
  const today = chinaDate(ctx.clock.now());
  const phase = currentPhaseOf(cycle, today);
  const rules = await ctx.settings.get('stars.rules');
  const rows = await entryStars(ctx.db, [entry.id]);
  const org = await ctx.db.selectFrom('org_nodes').select(['id', 'path', 'name', 'kind']).where('id', '=', entry.community_id).executeTakeFirstOrThrow();
  const figures = await communityFigures(ctx, ctx.db, org, entry.id, Number(cycle.row.year), sourcesOf(cycle.catalog.stars));
  const files = await filesOf(
    ctx.db,
    STAR_FILE_TYPE,
    rows.map((r) => r.id),
  );
  const departments = await departmentCodesOf(ctx.db, actor.userId);
  const open = (await openObjections(ctx.db, [entry.id])).get(entry.id) ?? 0;
  const name = starNamesOf(cycle.catalog);
  const stars = cycle.catalog.stars.flatMap((def) => {
    const r = rows.find((x) => x.star_code === def.code);
    if (!r) return [];
    const self = parseScores(r.self_scores);
    const township = parseScores(r.township_scores);
    const score = r.score === null ? null : Number(r.score);
    const { indicators, ...definition } = def;
    return [
      {
        id: r.id,
        definition,
        indicators: indicators.map((i) => {
          const figure = figureOf(figures, def.code, i.source);
          return { ...i, selfScore: self[i.code] ?? null, townshipScore: township[i.code] ?? null, figure, typed: figure === null };
        }),
        selfNote: r.self_note,
        townshipNote: r.township_note,
        score,
        passes: starPasses(score, def.passMark),
        reviewState: r.review_state as 'pending',
        reviewReason: r.review_reason,
        evidenceLinks: r.evidence_links ? (JSON.parse(r.evidence_links) as EvidenceLink[]) : [],
        attachments: files.get(r.id) ?? [],
        abilities: starAbilities(actor, entry, { review_state: r.review_state, departmentCode: def.departmentCode }, phase, departments),
      },
    ];
  });
  const steps = await ctx.db.selectFrom('star_steps').selectAll().where('entry_id', '=', entry.id).orderBy('at').orderBy('id').execute();
  const awarded = parseCodes(entry.awarded);
  return {
    id: entry.id,
    cycleId: cycle.row.id,
    year: Number(cycle.row.year),
    currentPhase: phase,
    communityId: entry.community_id,
    communityName: entry.community_name,
    state: entry.state as StarEntryDetail['state'],
    surveyToken: entry.survey_token,
    awarded,
    level: levelOf(awarded, rules),
    stars,
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action,
      starCode: s.star_code,
      starName: s.star_code ? name(s.star_code) : null,
      actorName: s.actor_name,
      at: s.at,
      note: s.note,
    })),
    objections: mayApprove(actor, entry) ? await objectionsOf(ctx, actor, cycle, entry.id, null) : null,
    abilities: entryAbilities(actor, entry, phase, open),
  };
}

/** Objections of a cycle (or one entry), for the city; contacts are decrypted, so each reveal is audited. */
export async function objectionsOf(ctx: AppContext, actor: Actor, cycle: Cycle, entryId: string | null, audit: AuditContext | null): Promise<StarObjection[]> {
  let q = ctx.db
    .selectFrom('star_objections as x')
    .innerJoin('star_entries as e', 'e.id', 'x.entry_id')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .selectAll('x')
    .select(['e.community_id', 'e.community_path', 'e.state', 'o.name'])
    .where('e.cycle_id', '=', cycle.row.id)
    .where((eb) => inScope(eb, 'e.community_path', actor, 'star:approve'));
  if (entryId) q = q.where('e.id', '=', entryId);
  const rows = await q.orderBy('x.submitted_at').execute();
  const phase = currentPhaseOf(cycle, chinaDate(ctx.clock.now()));
  const name = starNamesOf(cycle.catalog);
  const revealed = rows.filter((r) => r.contact_enc);
  if (audit && revealed.length > 0)
    await ctx.db.transaction().execute((trx) =>
      ctx.audit(trx, audit, {
        action: 'star-objection.reveal-contact',
        targetType: 'star-cycle',
        targetId: cycle.row.id,
        details: { objections: revealed.map((r) => r.id) },
      }),
    );
  return rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    communityId: r.community_id,
    communityName: r.name,
    starCode: r.star_code,
    starName: r.star_code ? name(r.star_code) : null,
    body: r.body,
    contact: audit && r.contact_enc ? ctx.crypto.decrypt(r.contact_enc, 'star-objection.contact') : null,
    submittedAt: r.submitted_at,
    outcome: r.outcome as StarObjection['outcome'],
    answer: r.answer,
    answeredAt: r.answered_at,
    abilities:
      r.answered_at === null && r.state === 'approved' && (phase === 'public-notice' || phase === 'display') && can(actor, 'star:approve', r.community_path)
        ? ['answer']
        : [],
  }));
}

/** The pending stars of the caller's departments in entries scored and waiting for review. */
export async function reviewQueue(ctx: AppContext, actor: Actor, cycle: Cycle): Promise<ReviewQueueItem[]> {
  const departments = await departmentCodesOf(ctx.db, actor.userId);
  const mine = cycle.catalog.stars.filter((s) => departments.includes(s.departmentCode));
  if (mine.length === 0) return [];
  const phase = currentPhaseOf(cycle, chinaDate(ctx.clock.now()));
  const rows = await ctx.db
    .selectFrom('star_entry_stars as s')
    .innerJoin('star_entries as e', 'e.id', 's.entry_id')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .select(['s.star_code', 's.score', 's.review_state', 'e.id', 'e.community_id', 'e.community_path', 'e.state', 'o.name'])
    .where('e.cycle_id', '=', cycle.row.id)
    .where('e.state', '=', 'scored')
    .where('s.review_state', '=', 'pending')
    .where(
      's.star_code',
      'in',
      mine.map((s) => s.code),
    )
    .where((eb) => inScope(eb, 'e.community_path', actor, 'star:read'))
    .orderBy('e.community_path')
    .execute();
  return rows.map((r) => {
    const def = mine.find((s) => s.code === r.star_code)!;
    return {
      entryId: r.id,
      communityId: r.community_id,
      communityName: r.name,
      starCode: r.star_code,
      starName: def.name,
      departmentCode: def.departmentCode,
      score: r.score === null ? null : Number(r.score),
      passMark: def.passMark,
      abilities: starAbilities(actor, r, { review_state: r.review_state, departmentCode: def.departmentCode }, phase, departments),
    };
  });
}
