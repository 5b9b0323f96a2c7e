import type { Transaction } from 'kysely';
import {
  canEventTransition,
  eventDueAt,
  eventWarnAt,
  finalEventClock,
  idsOfPath,
  nextEventState,
  type EventAction,
  type EventClockStep,
  type EventLimit,
  type EventSource,
  type EventState,
  type LimitUnit,
  type eventActionInputSchemas,
} from '@lingyan/shared';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { DB, EventCategoriesTable, EventsTable } from '../../platform/db/schema.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { can } from '../../platform/policy/policy.ts';
import { loadEventEnv, type EventEnv } from './events.env.ts';
import { mayTake } from './events.policy.ts';
import { attachEventPhotos } from './events.photos.ts';

export type CollectEventInput = {
  gridId: string;
  categoryId: string | null;
  description: string;
  address: string | null;
  location: { lat: number; lng: number } | null;
  photoIds: string[];
  source: EventSource;
  visitId: string | null;
};

type Db = Transaction<DB>;

export const limitOf = (c: Pick<EventCategoriesTable, `${EventClockStep}_limit` | `${EventClockStep}_unit`>, step: EventClockStep): EventLimit => ({
  value: Number(c[`${step}_limit`]),
  unit: c[`${step}_unit`] as LimitUnit,
});

/** The clock of a step that begins at `startIso`: due and warning instants. */
export function startClock(env: EventEnv, step: EventClockStep, startIso: string, limit: EventLimit) {
  const due = eventDueAt(env.cal, startIso, limit, env.periods);
  return { clock_step: step, clock_started_at: startIso, clock_due: due, clock_warn_at: eventWarnAt(startIso, due, env.warnShare) };
}
const NO_CLOCK = { clock_step: null, clock_started_at: null, clock_due: null, clock_warn_at: null };

async function addStep(
  trx: Db,
  audit: AuditContext,
  eventId: string,
  at: string,
  action: string,
  from: string | null,
  to: string | null,
  note: string | null,
  data?: Record<string, unknown>,
) {
  await trx
    .insertInto('event_steps')
    .values({
      id: newId(),
      event_id: eventId,
      at,
      actor_id: audit.actorId,
      actor_name: audit.actorName,
      action,
      from_state: from,
      to_state: to,
      note,
      data: data ? JSON.stringify(data) : null,
    })
    .execute();
}

async function nextEventNumber(trx: Db, day: string): Promise<string> {
  const row = await trx
    .insertInto('counters')
    .values({ name: `event:${day}`, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `SJ${day.replaceAll('-', '')}-${String(row.value).padStart(4, '0')}`;
}

/** A second-level category in service: events are registered only under one. */
async function activeCategory(trx: Db, id: string): Promise<EventCategoriesTable> {
  const c = await trx.selectFrom('event_categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || c.level !== 2 || c.active !== 1) throw new AppError('EVENT_CATEGORY_NOT_FOUND');
  return c;
}

/** The columns of a just-reported event that its later steps fill in: one place for every writer of new events (collectEvent, the demo, the tests). */
export const LATER_STEP_COLUMNS = {
  registered_at: null,
  voided_at: null,
  void_reason: null,
  dispatch_started_at: null,
  dispatch_due: null,
  dispatched_at: null,
  handler_org_id: null,
  handler_user_id: null,
  handle_started_at: null,
  handle_due: null,
  handle_clock: null,
  fed_back_at: null,
  closed_at: null,
  evaluated_at: null,
  grade: null,
  dispatch_count: 0,
  return_count: 0,
  feedback_count: 0,
  rework_count: 0,
  escalated_at: null,
} as const;

/**
 * Collects an event (采集上报) in a grid the actor reports in (event:report there: its grid
 * worker, its community, its township), inside the caller's transaction — a visit raises one in
 * the same transaction as the visit. The register clock starts at once: the category's limit, or
 * the setting's for an event reported without a category. Returns the event's id.
 */
export async function collectEvent(ctx: AppContext, trx: Transaction<DB>, audit: AuditContext, actor: Actor, input: CollectEventInput): Promise<string> {
  const grid = await trx.selectFrom('org_nodes').select(['id', 'path', 'kind']).where('id', '=', input.gridId).executeTakeFirst();
  if (!grid || !can(actor, 'event:report', grid.path)) throw new AppError('ORG_NOT_FOUND');
  if (grid.kind !== 'grid') throw new AppError('EVENT_GRID_INVALID');
  const category = input.categoryId ? await activeCategory(trx, input.categoryId) : null;
  const env = await loadEventEnv(trx);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const day = chinaDate(now);
  const limit = category ? limitOf(category, 'register') : env.uncategorisedRegister;
  const clock = startClock(env, 'register', at, limit);
  const id = newId();
  const row: EventsTable = {
    id,
    number: await nextEventNumber(trx, day),
    state: 'reported',
    source: input.source,
    grid_id: grid.id,
    org_path: grid.path,
    category_id: category?.id ?? null,
    description: input.description,
    address: input.address,
    lat: input.location?.lat ?? null,
    lng: input.location?.lng ?? null,
    visit_id: input.visitId,
    reporter_id: actor.userId,
    reported_at: at,
    reported_date: day,
    register_due: clock.clock_due,
    ...LATER_STEP_COLUMNS,
    ...clock,
    created_at: at,
    updated_at: at,
  };
  await trx.insertInto('events').values(row).execute();
  await attachEventPhotos(trx, actor, input.photoIds, { id, orgPath: grid.path });
  await addStep(trx, audit, id, at, 'collect', null, 'reported', null, { source: input.source, photoIds: input.photoIds, visitId: input.visitId });
  await ctx.audit(trx, audit, {
    action: 'event.collect',
    targetType: 'event',
    targetId: id,
    orgId: grid.id,
    details: { number: row.number, source: input.source },
  });
  return id;
}

/** Reports an event from the web (its own transaction). */
export async function reportEvent(ctx: AppContext, audit: AuditContext, actor: Actor, input: Omit<CollectEventInput, 'visitId'>): Promise<string> {
  return ctx.db.transaction().execute((trx) => collectEvent(ctx, trx, audit, actor, { ...input, visitId: null }));
}

type ActionInput<A extends EventAction> = z.infer<(typeof eventActionInputSchemas)[A]>;

/** Where an event may be dispatched: its grid, community, township or the city — and, optionally, a person who handles events at exactly that node. */
export async function checkDispatchTarget(trx: Db, eventPath: string, orgId: string, userId: string | null, today: string) {
  const ids = idsOfPath(eventPath);
  if (!ids.includes(orgId)) throw new AppError('EVENT_DISPATCH_TARGET_INVALID');
  const org = await trx.selectFrom('org_nodes').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('EVENT_DISPATCH_TARGET_INVALID');
  let userName: string | null = null;
  if (userId) {
    const rows = await trx
      .selectFrom('assignments as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .innerJoin('roles as r', 'r.code', 'a.role')
      .select(['u.display_name', 'r.permissions'])
      .where('a.user_id', '=', userId)
      .where('a.org_id', '=', orgId)
      .where('u.status', '=', 'active')
      .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
      .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
      .execute();
    const ok = rows.find((r) => (JSON.parse(r.permissions) as string[]).includes('event:handle'));
    if (!ok) throw new AppError('EVENT_DISPATCH_TARGET_INVALID');
    userName = ok.display_name;
  }
  return { org, userName };
}

/**
 * Takes one step of the loop. The route has checked the caller sees the event (404 otherwise);
 * here: the state (409: the same answer for everyone who sees it), then the party that takes the
 * step (403), then the step's own rules.
 */
export async function applyEventAction<A extends EventAction>(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  action: A,
  input: ActionInput<A>,
): Promise<void> {
  const env = await loadEventEnv(ctx.db);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = chinaDate(now);
  await ctx.db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) throw new AppError('EVENT_NOT_FOUND');
    const from = e.state as EventState;
    if (!canEventTransition(from, action)) throw new AppError('EVENT_STATE', { state: from });
    if (!mayTake(actor, action, e)) throw new AppError('FORBIDDEN');
    const to = nextEventState(from, action);
    let set: Partial<EventsTable> = {};
    let note: string | null = null;
    let data: Record<string, unknown> | undefined;
    let afterUpdate: (() => Promise<void>) | null = null;
    switch (action) {
      case 'register': {
        const i = input as ActionInput<'register'>;
        const categoryId = i.categoryId ?? e.category_id;
        if (!categoryId) throw new AppError('EVENT_CATEGORY_REQUIRED');
        const c = await activeCategory(trx, categoryId);
        const clock = startClock(env, 'dispatch', at, limitOf(c, 'dispatch'));
        set = { category_id: c.id, registered_at: at, dispatch_started_at: at, dispatch_due: clock.clock_due, ...clock };
        note = i.note ?? null;
        data = { categoryId: c.id, categoryName: c.name };
        break;
      }
      case 'void': {
        const i = input as ActionInput<'void'>;
        set = { voided_at: at, void_reason: i.reason, ...NO_CLOCK };
        note = i.reason;
        break;
      }
      case 'dispatch': {
        const i = input as ActionInput<'dispatch'>;
        const target = await checkDispatchTarget(trx, e.org_path, i.orgId, i.userId ?? null, today);
        const c = await activeCategory(trx, e.category_id!);
        const clock = startClock(env, 'handle', at, limitOf(c, 'handle'));
        set = {
          dispatched_at: at,
          handler_org_id: i.orgId,
          handler_user_id: i.userId ?? null,
          handle_started_at: at,
          handle_due: clock.clock_due,
          handle_clock: null,
          dispatch_count: e.dispatch_count + 1,
          ...clock,
        };
        note = i.note ?? null;
        data = { orgId: i.orgId, orgName: target.org.name, userId: i.userId ?? null, userName: target.userName, due: clock.clock_due };
        break;
      }
      case 'return': {
        const i = input as ActionInput<'return'>;
        const c = await activeCategory(trx, e.category_id!);
        // Not the unit's case: back to the command post, whose dispatch clock starts anew.
        const clock = startClock(env, 'dispatch', at, limitOf(c, 'dispatch'));
        set = {
          handler_org_id: null,
          handler_user_id: null,
          return_count: e.return_count + 1,
          dispatch_started_at: at,
          dispatch_due: clock.clock_due,
          ...clock,
        };
        note = i.reason;
        data = { orgId: e.handler_org_id, userId: e.handler_user_id };
        break;
      }
      case 'feedback': {
        const i = input as ActionInput<'feedback'>;
        set = { fed_back_at: at, feedback_count: e.feedback_count + 1, handle_clock: finalEventClock(e.handle_due!, at), ...NO_CLOCK };
        note = i.result;
        data = { photoIds: i.photoIds };
        afterUpdate = () => attachEventPhotos(trx, actor, i.photoIds, { id, orgPath: e.org_path });
        break;
      }
      case 'verify': {
        const i = input as ActionInput<'verify'>;
        set = { closed_at: at, ...NO_CLOCK };
        note = i.note ?? null;
        break;
      }
      case 'rework': {
        const i = input as ActionInput<'rework'>;
        // Back to the same unit; its handling clock keeps running from the dispatch.
        set = {
          rework_count: e.rework_count + 1,
          handle_clock: null,
          clock_step: 'handle',
          clock_started_at: e.handle_started_at,
          clock_due: e.handle_due,
          clock_warn_at: eventWarnAt(e.handle_started_at!, e.handle_due!, env.warnShare),
        };
        note = i.reason;
        break;
      }
      case 'evaluate': {
        const i = input as ActionInput<'evaluate'>;
        set = { evaluated_at: at, grade: i.grade };
        note = i.note ?? null;
        data = { grade: i.grade };
        break;
      }
    }
    const res = await trx
      .updateTable('events')
      .set({ ...set, state: to, updated_at: at })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('EVENT_STATE', { state: from });
    if (afterUpdate) await afterUpdate();
    await addStep(trx, audit, id, at, action, from, to, note, data);
    await ctx.audit(trx, audit, { action: `event.${action}`, targetType: 'event', targetId: id, orgId: e.grid_id, details: { number: e.number, from, to } });
  });
}
