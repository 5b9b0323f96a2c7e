import { phaseOn, starStanding, translate, type StarNotice } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { can } from '../../platform/policy/policy.ts';
import { applyStarChange, heldStars, notifyCommunity, starNamesOf } from '../stars/stars.repo.ts';
import { loadCycle, openObjections, parseCodes, requirePhase, stepNotAllowed, writeStep, type Cycle } from './star-cycles.repo.ts';
import { mayApprove } from './star-cycles.policy.ts';

/** The cycle in its public notice today (the latest year when several are), or null. */
export async function cycleOnNotice(ctx: AppContext): Promise<Cycle | null> {
  const today = chinaDate(ctx.clock.now());
  const rows = await ctx.db.selectFrom('star_cycles').select(['id', 'phases']).orderBy('year', 'desc').execute();
  const found = rows.find((r) => phaseOn(JSON.parse(r.phases), today) === 'public-notice');
  return found ? loadCycle(ctx.db, found.id) : null;
}

/** The public notice (公示): approved entries of the cycle on notice, with the stars to be awarded and the level. */
export async function currentNotice(ctx: AppContext): Promise<StarNotice> {
  const cycle = await cycleOnNotice(ctx);
  if (!cycle) return { cycle: null, entries: [] };
  const rules = await ctx.settings.get('stars.rules');
  const name = starNamesOf(cycle.catalog);
  const rows = await ctx.db
    .selectFrom('star_entries as e')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .innerJoin('org_nodes as t', 't.id', 'o.parent_id')
    .select(['e.id', 'e.awarded', 'o.name', 't.name as township_name'])
    .where('e.cycle_id', '=', cycle.row.id)
    .where('e.state', '=', 'approved')
    .orderBy('e.community_path')
    .execute();
  const notice = cycle.phases.find((p) => p.phase === 'public-notice')!;
  return {
    cycle: { id: cycle.row.id, year: cycle.row.year, title: cycle.row.title, startsOn: notice.startsOn, endsOn: notice.endsOn! },
    entries: rows.map((r) => {
      const codes = parseCodes(r.awarded) ?? [];
      const standing = starStanding(codes, rules);
      return {
        entryId: r.id,
        communityName: r.name,
        townshipName: r.township_name,
        stars: codes.map((c) => ({ code: c, name: name(c) })),
        count: standing.count,
        level: standing.level,
      };
    }),
  };
}

/** A resident's objection during the notice, about an approved entry (and maybe one star); the contact is kept encrypted. */
export async function submitObjection(
  ctx: AppContext,
  audit: AuditContext,
  input: { surveyToken?: string | undefined; entryId?: string | undefined; starCode?: string | undefined; body: string; contact?: string | undefined },
): Promise<string> {
  let q = ctx.db.selectFrom('star_entries').select(['id', 'cycle_id', 'community_id', 'state', 'awarded']);
  q = input.surveyToken ? q.where('survey_token', '=', input.surveyToken) : q.where('id', '=', input.entryId!);
  const entry = await q.executeTakeFirst();
  if (!entry || !['approved', 'displayed'].includes(entry.state)) throw new AppError('STAR_ENTRY_NOT_FOUND');
  const cycle = await loadCycle(ctx.db, entry.cycle_id);
  requirePhase(cycle, chinaDate(ctx.clock.now()), 'public-notice');
  if (input.starCode && !cycle.catalog.stars.some((s) => s.code === input.starCode)) throw new AppError('STAR_CODE_UNKNOWN', { code: input.starCode });
  const id = newId();
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('star_objections')
      .values({
        id,
        entry_id: entry.id,
        star_code: input.starCode ?? null,
        body: input.body,
        contact_enc: input.contact ? ctx.crypto.encrypt(input.contact, 'star-objection.contact') : null,
        submitted_at: at,
        outcome: null,
        answer: null,
        answered_by: null,
        answered_at: null,
      })
      .execute();
    await writeStep(trx, { userId: null, displayName: null }, at, { entryId: entry.id, starCode: input.starCode ?? null, action: 'objection' });
    await ctx.audit(trx, audit, {
      action: 'star-objection.submit',
      targetType: 'star-objection',
      targetId: id,
      orgId: entry.community_id,
      details: { entryId: entry.id, star: input.starCode ?? null },
    });
  });
  return id;
}

/** The city answers an objection; upheld with a star withdraws that star from the entry's awarded. */
export async function answerObjection(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: { outcome: 'dismissed' | 'upheld'; answer: string },
): Promise<void> {
  const o = await ctx.db
    .selectFrom('star_objections as x')
    .innerJoin('star_entries as e', 'e.id', 'x.entry_id')
    .select(['x.id', 'x.star_code', 'x.answered_at', 'e.id as entry_id', 'e.cycle_id', 'e.community_id', 'e.community_path', 'e.state', 'e.awarded'])
    .where('x.id', '=', id)
    .executeTakeFirst();
  if (!o || !can(actor, 'star:read', o.community_path)) throw new AppError('STAR_OBJECTION_NOT_FOUND');
  if (!mayApprove(actor, o)) throw new AppError('FORBIDDEN');
  const cycle = await loadCycle(ctx.db, o.cycle_id);
  requirePhase(cycle, chinaDate(ctx.clock.now()), 'public-notice', 'display');
  if (o.answered_at !== null || o.state !== 'approved') throw stepNotAllowed(o.answered_at !== null ? 'answered' : o.state);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('star_objections')
      .set({ outcome: input.outcome, answer: input.answer, answered_by: actor.userId, answered_at: at })
      .where('id', '=', id)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw stepNotAllowed('answered');
    const awarded = parseCodes(o.awarded) ?? [];
    if (input.outcome === 'upheld' && o.star_code && awarded.includes(o.star_code)) {
      await trx
        .updateTable('star_entries')
        .set({ awarded: JSON.stringify(awarded.filter((c) => c !== o.star_code)), updated_at: at })
        .where('id', '=', o.entry_id)
        .execute();
    }
    await writeStep(trx, { userId: actor.userId, displayName: actor.displayName }, at, {
      entryId: o.entry_id,
      starCode: o.star_code,
      action: `objection-${input.outcome}`,
      note: input.answer,
    });
    await ctx.audit(trx, audit, {
      action: 'star-objection.answer',
      targetType: 'star-objection',
      targetId: id,
      orgId: o.community_id,
      details: { outcome: input.outcome, star: o.star_code },
    });
  });
}

const SYSTEM = { userId: null, displayName: null };

/**
 * Display (亮星): each approved entry's awarded stars applied with applyStarChange — `awarded` for
 * each, `lost` for each held before but not awarded — in one transaction per entry. Entries with
 * an open objection wait. Returns how many entries were displayed (0 when done already).
 */
export async function displayEntries(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor | null,
  cycleId: string,
  only?: { communityId: string },
): Promise<{ displayed: number; waiting: number }> {
  const cycle = await loadCycle(ctx.db, cycleId);
  const today = chinaDate(ctx.clock.now());
  requirePhase(cycle, today, 'display');
  let q = ctx.db
    .selectFrom('star_entries')
    .select(['id', 'community_id', 'community_path', 'state', 'awarded'])
    .where('cycle_id', '=', cycleId)
    .where('state', '=', 'approved');
  if (only) q = q.where('community_id', '=', only.communityId);
  let entries = await q.execute();
  if (actor) entries = entries.filter((e) => mayApprove(actor, e));
  const open = await openObjections(
    ctx.db,
    entries.map((e) => e.id),
  );
  const waiting = entries.filter((e) => (open.get(e.id) ?? 0) > 0);
  // The city's button refuses while an objection is open; the job displays the others and waits.
  if (actor && waiting.length > 0) throw new AppError('STAR_OBJECTIONS_OPEN', {}, { entryIds: waiting.map((e) => e.id) });
  const ready = entries.filter((e) => (open.get(e.id) ?? 0) === 0);
  const held = await heldStars(
    ctx.db,
    ready.map((e) => e.community_id),
  );
  const name = starNamesOf(cycle.catalog);
  const by = actor ? { id: actor.userId, name: actor.displayName } : { id: null, name: null };
  let displayed = 0;
  for (const e of ready) {
    const at = ctx.clock.now().toISOString();
    const awarded = parseCodes(e.awarded) ?? [];
    const lost = (held.get(e.community_id) ?? []).map((h) => h.starCode).filter((c) => !awarded.includes(c));
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('star_entries')
        .set({ state: 'displayed', displayed_at: at, updated_at: at })
        .where('id', '=', e.id)
        .where('state', '=', 'approved')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return; // displayed meanwhile by the job or another request
      const change = (starCode: string, kind: 'awarded' | 'lost') =>
        applyStarChange(trx, ctx, audit, {
          communityId: e.community_id,
          communityPath: e.community_path,
          starCode,
          change: kind,
          on: today,
          reason: translate('zh-CN', `web.starCycles.history.${kind}`, { year: cycle.row.year }),
          sourceType: 'cycle',
          sourceId: cycle.row.id,
          actor: by,
        });
      for (const c of awarded) await change(c, 'awarded');
      for (const c of lost) await change(c, 'lost');
      await notifyCommunity(trx, at, {
        communityId: e.community_id,
        communityPath: e.community_path,
        kind: 'cycle-displayed',
        starCode: null,
        message: translate('zh-CN', 'web.starCycles.notify.displayed', {
          year: cycle.row.year,
          stars: awarded.map(name).join('、') || translate('zh-CN', 'web.starCycles.none'),
        }),
      });
      await writeStep(trx, actor ? { userId: actor.userId, displayName: actor.displayName } : SYSTEM, at, {
        entryId: e.id,
        action: 'displayed',
        note: awarded.join(','),
      });
      await ctx.audit(trx, audit, {
        action: 'star-entry.display',
        targetType: 'star-entry',
        targetId: e.id,
        orgId: e.community_id,
        details: { awarded, lost },
      });
      displayed += 1;
    });
  }
  return { displayed, waiting: waiting.length };
}
