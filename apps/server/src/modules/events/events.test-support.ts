import type { Kysely } from 'kysely';
import type { DB, EventsTable } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';

let seq = 0;

/**
 * An event written straight into the table, in any state, for tests that need many (the
 * permission matrix, figures fixtures). Dispatched states go to `handlerOrgCode` (default: the
 * grid's community).
 */
export async function buildEvent(db: Kysely<DB>, gridCode: string, state: string, f: Partial<EventsTable> = {}): Promise<string> {
  const grid = await db.selectFrom('org_nodes').select(['id', 'path', 'parent_id']).where('code', '=', gridCode).executeTakeFirstOrThrow();
  const category = await db.selectFrom('event_categories').select('id').where('kind', '=', 'component').where('code', '=', '0101').executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const registered = state !== 'reported' && state !== 'voided';
  const dispatched = ['dispatched', 'fed-back', 'closed', 'evaluated'].includes(state);
  const fedBack = ['fed-back', 'closed', 'evaluated'].includes(state);
  const closed = ['closed', 'evaluated'].includes(state);
  const clockStep = state === 'reported' ? 'register' : state === 'registered' || state === 'returned' ? 'dispatch' : state === 'dispatched' ? 'handle' : null;
  const id = newId();
  seq += 1;
  const row: EventsTable = {
    id,
    number: `SJ-TEST-${id.slice(-8)}-${seq}`,
    state,
    source: 'grid-worker',
    grid_id: grid.id,
    org_path: grid.path,
    category_id: category.id,
    description: 'test event',
    address: null,
    lat: null,
    lng: null,
    visit_id: null,
    reporter_id: null,
    reported_at: at,
    reported_date: at.slice(0, 10),
    register_due: later,
    registered_at: registered ? at : null,
    voided_at: state === 'voided' ? at : null,
    void_reason: state === 'voided' ? '测试' : null,
    dispatch_started_at: registered ? at : null,
    dispatch_due: registered ? later : null,
    dispatched_at: dispatched ? at : null,
    handler_org_id: dispatched ? grid.parent_id : null,
    handler_user_id: null,
    handle_started_at: dispatched ? at : null,
    handle_due: dispatched ? later : null,
    handle_clock: fedBack ? 'on-time' : null,
    fed_back_at: fedBack ? at : null,
    closed_at: closed ? at : null,
    evaluated_at: state === 'evaluated' ? at : null,
    grade: state === 'evaluated' ? 'good' : null,
    dispatch_count: dispatched || state === 'returned' ? 1 : 0,
    return_count: state === 'returned' ? 1 : 0,
    feedback_count: fedBack ? 1 : 0,
    rework_count: 0,
    escalated_at: null,
    clock_step: clockStep,
    clock_started_at: clockStep ? at : null,
    clock_due: clockStep ? later : null,
    clock_warn_at: clockStep ? later : null,
    created_at: at,
    updated_at: at,
    ...f,
  };
  await db.insertInto('events').values(row).execute();
  return id;
}
