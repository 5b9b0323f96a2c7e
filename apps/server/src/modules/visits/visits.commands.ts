import { sql } from 'kysely';
import { type createVisitInputSchema, type VisitPeriodPolicy } from '@lingyan/shared';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { attachFiles } from '../files/files.commands.ts';
import { prepareReceive, writeReceive } from '../service-requests/service-requests.commands.ts';
import { findHousehold, VISIT_FILE_TYPE } from './visits.repo.ts';
import { raiseEvent } from './visits.events.ts';

type CreateVisit = z.output<typeof createVisitInputSchema>;

/**
 * Logs a visit to a household (入户走访) and, in the same transaction, what it raised: a service
 * request received by the service hall's own rules (grid-worker channel, for the person met or the
 * household's head), an event collected by the events module, or a need. Any failure leaves nothing.
 */
export async function createVisit(ctx: AppContext, audit: AuditContext, actor: Actor, input: CreateVisit): Promise<string> {
  const hh = await findHousehold(ctx.db, actor, input.householdId, 'visit:write');
  if (!hh) throw new AppError('HOUSEHOLD_NOT_FOUND');
  const today = chinaDate(ctx.clock.now());
  const visitedOn = input.visitedOn ?? today;
  if (visitedOn > today || visitedOn < `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`) throw new AppError('VISIT_DATE_INVALID');
  const people = [...new Set(input.peopleMet)];
  if (people.length) {
    const found = await ctx.db.selectFrom('residents').select('id').where('id', 'in', people).where('household_id', '=', hh.id).execute();
    if (found.length !== people.length) throw new AppError('VISIT_PERSON_NOT_IN_HOUSEHOLD');
  }
  const raise = input.raise ?? null;
  // The service hall reads and checks before any transaction (SQLite has one connection).
  const request =
    raise?.type === 'request'
      ? await prepareReceive(ctx, actor, {
          orgId: hh.grid_id,
          itemId: raise.itemId,
          channel: 'grid-worker',
          residentId: people[0] ?? hh.head_resident_id,
          description: raise.description,
        })
      : null;
  const id = newId();
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('visits')
      .values({
        id,
        household_id: hh.id,
        grid_id: hh.grid_id,
        org_path: hh.org_path,
        visited_on: visitedOn,
        kind: input.kind,
        notes: input.notes ?? null,
        visitor_id: actor.userId,
        raised_type: null,
        raised_id: null,
        created_at: at,
      })
      .execute();
    if (people.length)
      await trx
        .insertInto('visit_people')
        .values(people.map((resident_id) => ({ visit_id: id, resident_id })))
        .execute();
    await trx
      .insertInto('household_last_visits')
      .values({ household_id: hh.id, org_path: hh.org_path, last_visited_on: visitedOn })
      .onConflict((oc) =>
        oc.column('household_id').doUpdateSet({
          org_path: hh.org_path,
          last_visited_on: sql<string>`case when household_last_visits.last_visited_on < excluded.last_visited_on then excluded.last_visited_on else household_last_visits.last_visited_on end`,
        }),
      )
      .execute();
    let raised: { type: 'request' | 'event' | 'need'; id: string } | null = null;
    if (request) raised = { type: 'request', id: await writeReceive(ctx, trx, audit, actor, request) };
    // The photos go with an event (its handlers see them); otherwise they are the visit's.
    if (raise?.type === 'event') {
      raised = {
        type: 'event',
        id: await raiseEvent(ctx, trx, audit, actor, {
          gridId: hh.grid_id,
          categoryId: raise.categoryId,
          description: raise.description,
          address: raise.address ?? hh.address,
          photoIds: input.photoIds,
          visitId: id,
        }),
      };
    } else await attachFiles(trx, actor, input.photoIds, { type: VISIT_FILE_TYPE, id, orgPath: hh.org_path });
    if (raise?.type === 'need') {
      const needId = newId();
      await trx
        .insertInto('needs')
        .values({
          id: needId,
          household_id: hh.id,
          grid_id: hh.grid_id,
          org_path: hh.org_path,
          visit_id: id,
          category: raise.category,
          description: raise.description,
          status: 'open',
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await ctx.audit(trx, audit, { action: 'need.create', targetType: 'need', targetId: needId, orgId: hh.grid_id, details: { category: raise.category } });
      raised = { type: 'need', id: needId };
    }
    if (raised) await trx.updateTable('visits').set({ raised_type: raised.type, raised_id: raised.id }).where('id', '=', id).execute();
    await ctx.audit(trx, audit, {
      action: 'visit.create',
      targetType: 'visit',
      targetId: id,
      orgId: hh.grid_id,
      details: { householdId: hh.id, kind: input.kind, peopleMet: people.length, photos: input.photoIds.length, raised: raised?.type ?? null },
    });
  });
  return id;
}

/** A need moves between open, matched and closed (the co-building lists match them later). */
export async function setNeedStatus(ctx: AppContext, audit: AuditContext, need: { id: string; gridId: string; status: string }, status: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('needs').set({ status, updated_at: at }).where('id', '=', need.id).execute();
    await ctx.audit(trx, audit, {
      action: 'need.status',
      targetType: 'need',
      targetId: need.id,
      orgId: need.gridId,
      details: { from: need.status, to: status },
    });
  });
}

/** The city's visit periods (setting visits.period), audited with the old and new values. */
export async function setVisitPeriodPolicy(ctx: AppContext, audit: AuditContext, actor: Actor, value: VisitPeriodPolicy): Promise<VisitPeriodPolicy> {
  const before = await ctx.settings.get('visits.period');
  return ctx.db.transaction().execute(async (trx) => {
    const saved = await ctx.settings.set(trx, 'visits.period', value, actor.userId);
    await ctx.audit(trx, audit, { action: 'setting.update', targetType: 'setting', targetId: 'visits.period', details: { before, after: saved } });
    return saved;
  });
}
