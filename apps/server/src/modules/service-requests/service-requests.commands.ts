import type { Transaction } from 'kysely';
import { canTransition, maskPhone, normalizePhone, type RequestAction, type RequestState, type requestActionInputSchemas } from '@lingyan/shared';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { DB, ServiceRequestsTable } from '../../platform/db/schema.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { OrgRef } from '../../platform/policy/org-filter.ts';
import { findResident } from '../residents/residents.repo.ts';
import { attachFiles } from '../files/files.commands.ts';
import { phoneIndex } from '../residents/resident-codec.ts';
import { computeDueDates } from './service-requests.clocks.ts';
import { nextRequestNumber } from './service-requests.numbers.ts';
import { mayAct, mayRecordVisit, receiveAs, receivesForResident } from './service-requests.policy.ts';
import { loadRequestRecord, transferTargets } from './service-requests.repo.ts';
import { stepEffect } from './service-requests.steps.ts';
import { applyTally, writeStep } from './service-requests.tally.ts';

export type ReceiveInput = {
  orgId: string;
  itemId: string;
  channel: ServiceRequestsTable['channel'];
  residentId?: string | null | undefined;
  visitorName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  description: string;
  walkIn?: boolean | undefined;
  /** Photos or scans uploaded by the receiving worker (POST /files), attached to the request. */
  attachmentIds?: string[] | undefined;
};

async function addEvent(
  trx: Transaction<DB>,
  audit: AuditContext,
  requestId: string,
  at: string,
  action: string,
  from: string | null,
  to: string | null,
  note: string | null,
  data?: Record<string, unknown>,
) {
  await trx
    .insertInto('service_request_events')
    .values({
      id: newId(),
      request_id: requestId,
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

/**
 * Receives a matter (受理登记). A worker who receives it is its first-contact owner for good; a
 * request from a resident online (or Open311) has no owner until a worker accepts it.
 */
export async function receiveRequest(ctx: AppContext, audit: AuditContext, actor: Actor | null, input: ReceiveInput): Promise<string> {
  const prepared = await prepareReceive(ctx, actor, input);
  return ctx.db.transaction().execute((trx) => writeReceive(ctx, trx, audit, actor, prepared));
}

export type PreparedReceive = Awaited<ReturnType<typeof prepareReceive>>;

/** Everything receiving reads and checks, before any transaction (SQLite has one connection). */
export async function prepareReceive(ctx: AppContext, actor: Actor | null, input: ReceiveInput) {
  const { org, channel, residentId } = await receivingPlace(ctx, actor, input);
  const item = await ctx.db.selectFrom('service_items').selectAll().where('id', '=', input.itemId).where('active', '=', 1).executeTakeFirst();
  if (!item) throw new AppError('SERVICE_ITEM_NOT_FOUND');
  if ((channel === 'online' || channel === 'open311') && item.online !== 1 && !actor) throw new AppError('SERVICE_ITEM_NOT_OFFERED');
  let phone: string | null = null;
  if (input.contactPhone) {
    phone = normalizePhone(input.contactPhone);
    if (!phone) throw new AppError('PHONE_INVALID');
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = chinaDate(now);
  const due = computeDueDates(await ctx.calendar.get(), today, item);
  return { input, org, channel, residentId, item, phone, at, today, due };
}

/** Writes a prepared request inside the caller's transaction (a visit raises one in its own); returns its id. */
export async function writeReceive(ctx: AppContext, trx: Transaction<DB>, audit: AuditContext, actor: Actor | null, p: PreparedReceive): Promise<string> {
  const { input, org, channel, residentId, item, phone, at, today, due } = p;
  const id = newId();
  const number = await nextRequestNumber(trx, today);
  const row: ServiceRequestsTable = {
    id,
    number,
    org_id: org.id,
    org_path: org.path,
    item_id: item.id,
    channel,
    resident_id: residentId,
    visitor_name: residentId ? null : (input.visitorName ?? null),
    contact_phone_enc: phone ? ctx.crypto.encrypt(phone, 'service-request.phone') : null,
    contact_phone_idx: phone ? phoneIndex(ctx.crypto, phone) : null,
    contact_phone_masked: phone ? maskPhone(phone) : null,
    contact_phone_last4: phone ? phone.slice(-4) : null,
    description: input.description,
    state: 'received',
    owner_id: actor?.userId ?? null,
    handler_id: actor?.userId ?? null,
    handler_org_id: null,
    received_at: at,
    received_date: today,
    response_due: due.responseDue,
    responded_at: null,
    response_clock: null,
    completion_due: due.completionDue,
    due_provisional: due.provisional ? 1 : 0,
    paused_on: null,
    paused_days: 0,
    completed_at: null,
    completion_clock: null,
    informed_at: null,
    inform_method: null,
    closed_at: null,
    refused_reason: null,
    trips: input.walkIn ? 1 : 0,
    agency_authorized: 0,
    rating: null,
    rating_comment: null,
    rated_at: null,
    rating_source: null,
    follow_up_needed: 0,
    excluded: 0,
    excluded_reason: null,
    reopened_count: 0,
    created_at: at,
    updated_at: at,
  };
  await trx.insertInto('service_requests').values(row).execute();
  await applyTally(trx, null, row);
  await addEvent(trx, audit, id, at, 'receive', null, 'received', null, { channel, walkIn: !!input.walkIn });
  if (actor && input.attachmentIds?.length) await attachFiles(trx, actor, input.attachmentIds, { type: 'service-request', id, orgPath: org.path });
  await ctx.audit(trx, audit, {
    action: 'service-request.receive',
    targetType: 'service-request',
    targetId: id,
    orgId: org.id,
    details: { number, channel },
  });
  return id;
}

/**
 * Where a request is filed and by which channel. It always belongs to a community (or village): the
 * one given, or the community of the grid given. Its hall receives by any channel; a grid worker of
 * one of its grids (receiveAs 'grid') receives only for a resident of their own grid, by the
 * grid-worker channel. A node the caller may not receive at is ORG_NOT_FOUND, as if absent.
 */
async function receivingPlace(
  ctx: AppContext,
  actor: Actor | null,
  input: ReceiveInput,
): Promise<{ org: OrgRef; channel: ReceiveInput['channel']; residentId: string | null }> {
  const node = await ctx.db.selectFrom('org_nodes').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', input.orgId).executeTakeFirst();
  if (!node) throw new AppError('ORG_NOT_FOUND');
  if (!actor) {
    if (!['community', 'village'].includes(node.kind)) throw new AppError('ORG_NOT_FOUND');
    if (input.residentId) throw new AppError('VALIDATION_FAILED');
    if (!input.visitorName) throw new AppError('SERVICE_REQUEST_RESIDENT_REQUIRED');
    return { org: node, channel: input.channel, residentId: null };
  }
  const org =
    node.kind === 'grid' && node.parent_id
      ? await ctx.db.selectFrom('org_nodes').select(['id', 'path', 'kind', 'name']).where('id', '=', node.parent_id).executeTakeFirst()
      : node;
  if (!org || !['community', 'village'].includes(org.kind)) throw new AppError('ORG_NOT_FOUND');
  const as = receiveAs(actor, org.path);
  if (!as) throw new AppError('ORG_NOT_FOUND');
  let residentId: string | null = null;
  if (input.residentId) {
    const resident = await findResident(ctx.db, actor, input.residentId);
    if (!resident || (as === 'grid' && !(resident.org_path.startsWith(org.path) && receivesForResident(actor, resident.org_path))))
      throw new AppError('RESIDENT_NOT_FOUND');
    residentId = resident.id;
  } else if (as === 'grid') throw new AppError('SERVICE_REQUEST_GRID_RESIDENT_REQUIRED');
  else if (!input.visitorName) throw new AppError('SERVICE_REQUEST_RESIDENT_REQUIRED');
  return { org, channel: as === 'grid' ? 'grid-worker' : input.channel, residentId };
}

type Inputs = { [K in keyof typeof requestActionInputSchemas]: z.infer<(typeof requestActionInputSchemas)[K]> };

/**
 * One step on a request: the state machine says whether it may happen now (409), the policy
 * whether this caller may take it (403); every step lands in the request's timeline and the audit log.
 */
export async function applyAction<A extends RequestAction>(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  action: A,
  input: Inputs[A],
): Promise<void> {
  const r = await loadRequestRecord(ctx.db, actor, id);
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND');
  const state = r.state as RequestState;
  // An outcome needs a scheduled visit without one (the ability is offered on the same condition).
  if (action === 'record-visit' && Number(r.open_visits ?? 0) === 0) throw new AppError('HOME_VISIT_NONE_SCHEDULED');
  if (!mayAct(actor, action, r)) throw new AppError(action === 'close' ? 'SERVICE_REQUEST_CLOSE_NOT_ALLOWED' : 'FORBIDDEN');
  if (!canTransition(state, action)) throw new AppError('SERVICE_REQUEST_STATE', { state: `requestState.${state}` }, { state, action });
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = chinaDate(now);
  const i = input as Record<string, unknown>;
  // Everything read through ctx.db happens before the transaction: SQLite has one connection.
  const cal = await ctx.calendar.get();
  const target =
    action === 'transfer' ? await transferTarget(ctx, actor, i.toUserId as string | undefined, i.toOrgId as string | undefined, r.org_path, today) : null;
  if (action === 'schedule-visit') await checkVisitAssignee(ctx, actor, i.assigneeId as string, r.org_path, today);
  const item = await ctx.db.selectFrom('service_items').select(['limit_days', 'response_days']).where('id', '=', r.item_id).executeTakeFirstOrThrow();
  const { set, note, data: stepData } = stepEffect(r, action, i, { actorId: actor.userId, at, today, cal, item, target });
  let data = stepData;

  await ctx.db.transaction().execute(async (trx) => {
    // The steps that also keep rows of their own.
    switch (action) {
      case 'authorize-agency':
        await trx
          .insertInto('agency_authorizations')
          .values({
            id: newId(),
            request_id: id,
            scope: i.scope as string,
            valid_until: i.validUntil as string,
            signed_how: i.signedHow as string,
            recorded_by: actor.userId,
            recorded_at: at,
          })
          .execute();
        break;
      case 'agency-step': {
        const auth = await trx
          .selectFrom('agency_authorizations')
          .select('id')
          .where('request_id', '=', id)
          .where('valid_until', '>=', today)
          .executeTakeFirst();
        if (!auth) throw new AppError('AGENCY_NOT_AUTHORIZED');
        data = { authorizationId: auth.id };
        break;
      }
      case 'schedule-visit': {
        const assignee = await trx
          .selectFrom('users')
          .select(['id'])
          .where('id', '=', i.assigneeId as string)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (!assignee) throw new AppError('USER_NOT_FOUND');
        const visitId = newId();
        await trx
          .insertInto('home_visits')
          .values({
            id: visitId,
            request_id: id,
            scheduled_for: i.scheduledFor as string,
            assignee_id: assignee.id,
            outcome: null,
            done_at: null,
            created_at: at,
          })
          .execute();
        data = { visitId, scheduledFor: i.scheduledFor, assigneeId: assignee.id };
        break;
      }
      case 'record-visit': {
        const visit = await trx
          .selectFrom('home_visits')
          .select(['id', 'assignee_id', 'outcome'])
          .where('id', '=', i.visitId as string)
          .where('request_id', '=', id)
          .executeTakeFirst();
        if (!visit || !mayRecordVisit(actor, r, visit.assignee_id)) throw new AppError('HOME_VISIT_NOT_FOUND');
        if (visit.outcome !== null) throw new AppError('HOME_VISIT_ALREADY_RECORDED');
        await trx
          .updateTable('home_visits')
          .set({ outcome: i.outcome as string, done_at: at })
          .where('id', '=', visit.id)
          .execute();
        data = { visitId: visit.id };
        break;
      }
    }
    await writeStep(trx, id, set);
    await addEvent(trx, audit, id, at, action, state, set.state ?? state, note, data);
    await ctx.audit(trx, audit, {
      action: `service-request.${action}`,
      targetType: 'service-request',
      targetId: id,
      orgId: r.org_id,
      details: { number: r.number, from: state, to: set.state ?? state, ...(data ?? {}) },
    });
  });
}

/**
 * A home visit goes to the caller or to someone the request could be transferred to (transferTargets):
 * the assignee comes to see the request, so never to anyone outside those who work on it.
 */
async function checkVisitAssignee(ctx: AppContext, actor: Actor, assigneeId: string, requestPath: string, today: string): Promise<void> {
  if (assigneeId === actor.userId) return;
  const { users } = await transferTargets(ctx.db, requestPath, actor.userId, today);
  if (!users.some((u) => u.id === assigneeId)) throw new AppError('USER_NOT_FOUND');
}

/** A transfer goes to one of the valid targets (see transferTargets); anything else is TRANSFER_TARGET_INVALID. */
async function transferTarget(
  ctx: AppContext,
  actor: Actor,
  toUserId: string | undefined,
  toOrgId: string | undefined,
  requestPath: string,
  today: string,
): Promise<{ userId: string | null; orgId: string | null }> {
  if (!toUserId && !toOrgId) throw new AppError('TRANSFER_TARGET_INVALID');
  const targets = await transferTargets(ctx.db, requestPath, actor.userId, today);
  const org = toOrgId ? targets.orgs.find((o) => o.id === toOrgId) : undefined;
  const user = toUserId ? targets.users.find((u) => u.id === toUserId) : undefined;
  if ((toOrgId && !org) || (toUserId && !user)) throw new AppError('TRANSFER_TARGET_INVALID');
  // Both: the person works within that org node.
  if (org && user && !user.orgPaths.some((p) => p.startsWith(org.path))) throw new AppError('TRANSFER_TARGET_INVALID');
  return { userId: user?.id ?? null, orgId: org?.id ?? null };
}
