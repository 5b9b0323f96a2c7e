import type { Kysely } from 'kysely';
import { buildWorkCalendar, eventDueAt, eventWarnAt, finalEventClock, type EventLimit, type LimitUnit } from '@lingyan/shared';
import type { DB, EventEscalationsTable, EventStepsTable, EventsTable } from '../platform/db/schema.ts';
import { SETTINGS } from '../platform/settings.ts';
import { newId } from '../platform/ids.ts';
import { prng, Rng } from './demo-random.ts';
import { LATER_STEP_COLUMNS } from '../modules/events/events.commands.ts';

const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** What happens to a demo event: how far it got, and the detours (returned, reworked) and lateness on the way. */
type Plot = 'reported' | 'registered' | 'dispatched' | 'overdue' | 'returned' | 'fed-back' | 'closed' | 'reworked' | 'late' | 'evaluated' | 'voided';
const PLOTS: [Plot, number][] = [
  ['reported', 2],
  ['registered', 1],
  ['dispatched', 2],
  ['overdue', 2],
  ['returned', 1],
  ['fed-back', 2],
  ['closed', 4],
  ['reworked', 2],
  ['late', 1],
  ['evaluated', 5],
  ['voided', 1],
];
const PLACES = ['路口东侧', '小区北门', '3号楼前', '农贸市场旁', '公交站台', '学校门口', '广场西侧', '巷道内'];

/**
 * Events in every step of the loop across the urban communities' grids (about three per grid over
 * the last 45 days): reported, registered, being handled (some overdue and escalated), returned,
 * fed back, closed (some after rework, some late), evaluated, voided. Clocks are computed with the
 * shared rules on the official calendar and the default office hours, so the board's colours and
 * the figures are what the live loop would give.
 */
export async function seedDemoEvents(db: Kysely<DB>, now: string): Promise<number> {
  const rng = new Rng(prng('lingyan-demo-events'));
  const cal = buildWorkCalendar();
  const periods = SETTINGS['event.workingHours'].default.periods;
  const warnShare = SETTINGS['event.clock'].default.warnShare;
  const nowMs = Date.parse(now);
  const grids = await db
    .selectFrom('org_nodes as g')
    .innerJoin('org_nodes as c', 'c.id', 'g.parent_id')
    .select(['g.id', 'g.code', 'g.path', 'c.id as community_id', 'c.parent_id as township_id'])
    .where('g.kind', '=', 'grid')
    .where('c.kind', '=', 'community')
    .where((eb) => eb.or(URBAN_TOWNSHIPS.map((t) => eb('g.code', 'like', `${t}%`))))
    .orderBy('g.code')
    .execute();
  const categories = await db
    .selectFrom('event_categories')
    .selectAll()
    .where('level', '=', 2)
    .where('active', '=', 1)
    .orderBy('kind')
    .orderBy('code')
    .execute();
  if (grids.length === 0 || categories.length === 0) return 0;
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'display_name']).execute()).map((u) => [u.username, u]));
  const grid1 = users.get('tianshan-grid1');
  const leader = users.get('tianshan');
  const windowUser = users.get('tianshan-window');

  const events: EventsTable[] = [];
  const steps: EventStepsTable[] = [];
  const escalations: EventEscalationsTable[] = [];
  const perDay = new Map<string, number>();
  const chinaDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
  const iso = (ms: number) => new Date(ms).toISOString();
  const limit = (c: (typeof categories)[number], step: 'register' | 'dispatch' | 'handle'): EventLimit => ({
    value: Number(c[`${step}_limit`]),
    unit: c[`${step}_unit`] as LimitUnit,
  });

  for (const g of grids) {
    const isTianshan = g.code.startsWith('654203002009');
    const count = isTianshan ? 5 : rng.int(2, 3);
    for (let i = 0; i < count; i++) {
      const plot = rng.weighted(PLOTS);
      const c = rng.pick(categories);
      // Open events are recent; ended ones spread over the period.
      const ageDays = ['reported', 'registered', 'dispatched', 'returned', 'fed-back'].includes(plot)
        ? rng.int(0, 1)
        : plot === 'overdue'
          ? rng.int(3, 12)
          : rng.int(2, 45);
      let at = nowMs - ageDays * DAY - rng.int(1, 6) * HOUR;
      // In office hours of the day it was reported (China time 10:00–19:00).
      const day = chinaDay(at);
      at = Math.min(Date.parse(`${day}T${String(rng.int(10, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`), nowMs - HOUR);
      const seq = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, seq);
      const id = newId(at);
      const reporter = g.code === '654203002009001' && grid1 ? grid1 : null;
      const source = reporter
        ? 'grid-worker'
        : rng.weighted([
            ['grid-worker', 5],
            ['resident', 2],
            ['hotline', 2],
          ] as const);
      const handlerOrg = rng.chance(0.8) ? g.community_id : g.township_id;
      const handlerUser = isTianshan && handlerOrg === g.community_id && windowUser ? windowUser : null;
      const dispatcherName = isTianshan && leader ? leader.username : null;
      const e: EventsTable = {
        id,
        number: `SJ${day.replaceAll('-', '')}-${String(5000 + seq).padStart(4, '0')}`,
        state: 'reported',
        source,
        grid_id: g.id,
        org_path: g.path,
        category_id: c.id,
        description: `${c.name}：${rng.pick(PLACES)}，请及时处理`,
        address: `${rng.pick(PLACES)}`,
        lat: 44.3 + rng.int(0, 800) / 10_000,
        lng: 85.58 + rng.int(0, 800) / 10_000,
        visit_id: null,
        reporter_id: reporter?.id ?? null,
        reported_at: iso(at),
        reported_date: day,
        register_due: eventDueAt(cal, iso(at), limit(c, 'register'), periods),
        ...LATER_STEP_COLUMNS,
        clock_step: null,
        clock_started_at: null,
        clock_due: null,
        clock_warn_at: null,
        created_at: iso(at),
        updated_at: iso(at),
      };
      const step = (
        ms: number,
        action: string,
        from: string | null,
        to: string | null,
        note: string | null,
        actor: string | null,
        data?: Record<string, unknown>,
      ) =>
        steps.push({
          id: newId(ms),
          event_id: id,
          at: iso(ms),
          actor_id: null,
          actor_name: actor,
          action,
          from_state: from,
          to_state: to,
          note,
          data: data ? JSON.stringify(data) : null,
        });
      step(at, 'collect', null, 'reported', null, reporter?.username ?? null, { source, photoIds: [] });
      const clockFor = (s: 'register' | 'dispatch' | 'handle', start: number, due: string) => {
        e.clock_step = s;
        e.clock_started_at = iso(start);
        e.clock_due = due;
        e.clock_warn_at = eventWarnAt(iso(start), due, warnShare);
      };
      const stopClock = () => {
        e.clock_step = e.clock_started_at = e.clock_due = e.clock_warn_at = null;
      };
      clockFor('register', at, e.register_due);
      let t = at;
      // Each step strictly after the last (steps capped just before now stay in order).
      const advance = (hours: number) => (t = Math.max(t + 1000, Math.min(t + hours * HOUR, nowMs - 60_000)));

      if (plot === 'voided') {
        advance(0.5);
        Object.assign(e, { state: 'voided', voided_at: iso(t), void_reason: '重复上报，已合并' });
        stopClock();
        step(t, 'void', 'reported', 'voided', '重复上报，已合并', dispatcherName);
      }
      if (plot !== 'reported' && plot !== 'voided') {
        advance(0.5);
        e.registered_at = iso(t);
        e.dispatch_started_at = iso(t);
        e.dispatch_due = eventDueAt(cal, iso(t), limit(c, 'dispatch'), periods);
        e.state = 'registered';
        clockFor('dispatch', t, e.dispatch_due);
        step(t, 'register', 'reported', 'registered', null, dispatcherName, { categoryId: c.id, categoryName: c.name });
      }
      const dispatch = (orgId: string, user: typeof windowUser | null) => {
        advance(0.5);
        e.state = 'dispatched';
        e.dispatched_at = iso(t);
        e.handler_org_id = orgId;
        e.handler_user_id = user?.id ?? null;
        e.handle_started_at = iso(t);
        e.handle_due = eventDueAt(cal, iso(t), limit(c, 'handle'), periods);
        e.dispatch_count += 1;
        clockFor('handle', t, e.handle_due);
        step(t, 'dispatch', e.return_count ? 'returned' : 'registered', 'dispatched', null, dispatcherName, {
          orgId,
          userId: user?.id ?? null,
          userName: user?.display_name ?? null,
          due: e.handle_due,
        });
      };
      if (['dispatched', 'overdue', 'returned', 'fed-back', 'closed', 'reworked', 'late', 'evaluated'].includes(plot)) {
        if (plot === 'returned' || (plot === 'closed' && rng.chance(0.3))) {
          // First sent to the wrong unit: it returns the case, the command post dispatches it again.
          dispatch(g.township_id!, null);
          advance(1);
          e.state = 'returned';
          e.handler_org_id = e.handler_user_id = null;
          e.return_count += 1;
          e.dispatch_started_at = iso(t);
          e.dispatch_due = eventDueAt(cal, iso(t), limit(c, 'dispatch'), periods);
          clockFor('dispatch', t, e.dispatch_due);
          step(t, 'return', 'dispatched', 'returned', '不属本单位职责，请派社区处理', null);
        }
        if (plot !== 'returned') dispatch(handlerOrg!, handlerUser);
      }
      if (plot === 'overdue') {
        // Still being handled well after its due: escalated once to the township.
        if (Date.parse(e.handle_due!) < nowMs) {
          const escAt = Math.min(Date.parse(e.handle_due!) + 60_000, nowMs);
          e.escalated_at = iso(escAt);
          escalations.push({ id: newId(escAt), event_id: id, step: 'handle', due: e.handle_due!, to_org_id: g.township_id, created_at: iso(escAt) });
          step(escAt, 'escalate', 'dispatched', 'dispatched', null, null, { step: 'handle', due: e.handle_due, toOrgId: g.township_id });
        }
      }
      const feedback = (hours: number) => {
        advance(hours);
        e.state = 'fed-back';
        e.fed_back_at = iso(t);
        e.feedback_count += 1;
        e.handle_clock = finalEventClock(e.handle_due!, iso(t));
        stopClock();
        step(t, 'feedback', 'dispatched', 'fed-back', '已到场处置完毕', handlerUser?.username ?? null, { photoIds: [] });
      };
      if (['fed-back', 'closed', 'reworked', 'late', 'evaluated'].includes(plot)) {
        const handleHours = plot === 'late' ? 80 : 1;
        feedback(handleHours);
        if (plot === 'reworked') {
          advance(1);
          e.state = 'dispatched';
          e.rework_count += 1;
          e.handle_clock = null;
          clockFor('handle', Date.parse(e.handle_started_at!), e.handle_due!);
          step(t, 'rework', 'fed-back', 'dispatched', '现场核查仍未处理到位', dispatcherName);
          feedback(2);
        }
      }
      if (['closed', 'reworked', 'late', 'evaluated'].includes(plot)) {
        advance(3);
        e.state = 'closed';
        e.closed_at = iso(t);
        step(t, 'verify', 'fed-back', 'closed', '现场核查，符合结案条件', dispatcherName);
      }
      if (plot === 'evaluated') {
        advance(2);
        e.state = 'evaluated';
        e.evaluated_at = iso(t);
        e.grade = rng.weighted([
          ['good', 6],
          ['fair', 2],
          ['poor', 1],
        ] as const);
        step(t, 'evaluate', 'closed', 'evaluated', null, dispatcherName, { grade: e.grade });
      }
      e.updated_at = iso(t);
      events.push(e);
    }
  }
  for (let i = 0; i < events.length; i += 200)
    await db
      .insertInto('events')
      .values(events.slice(i, i + 200))
      .execute();
  for (let i = 0; i < steps.length; i += 300)
    await db
      .insertInto('event_steps')
      .values(steps.slice(i, i + 300))
      .execute();
  if (escalations.length) await db.insertInto('event_escalations').values(escalations).execute();
  return events.length;
}
