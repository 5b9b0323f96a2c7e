import { newId } from '../platform/ids.ts';
import { addCalendarDays, isSatisfied, maskPhone, type Rating, type RequestState, type WorkCalendarData } from '@lingyan/shared';
import type { RequestNotificationsTable } from '../platform/db/schema.ts';
import { prng, Rng } from './demo-random.ts';
import {
  SEED,
  RESULTS,
  REFUSE_REASONS,
  PAUSE_REASONS,
  VISIT_OUTCOMES,
  RATING_COMMENTS,
  SIGNED_HOW,
  RESIDENT_ONLINE,
  RESIDENT_RATING,
} from './demo-service-hall.data.ts';
import { chinaDate, startOfDay, iso, Days, Clockwork } from './demo-service-hall.time.ts';
import { Life } from './demo-service-hall.life.ts';
import { type Who, type ServiceHallInput, type PlannedRequest, type ServiceHallPlan } from './demo-service-hall.inputs.ts';
import { type Draft, draftCommunity } from './demo-service-hall.drafts.ts';

/** The demo service hall's plan: every draft lived to today (see demo-service-hall.ts). */
export function live(d: Draft, cal: WorkCalendarData, days: Days, nowMs: number, newId: (ms: number) => string, clockRng: Rng): Life {
  const c = d.community;
  const rng = clockRng;
  const time = new Clockwork(days, rng);
  const received = chinaDate(d.receivedMs);
  const due = days.dueDates(received, d.item);
  const online = d.channel === 'online';
  const walkIn = d.channel === 'window';
  const ownerId = online ? null : c.window.id;
  const row: PlannedRequest = {
    id: newId(d.receivedMs),
    number: '',
    org_id: c.id,
    org_path: c.path,
    item_id: d.item.id,
    channel: d.channel,
    resident_id: d.resident?.id ?? null,
    visitor_name: d.resident ? null : d.visitorName,
    contact_phone_enc: null,
    contact_phone_idx: null,
    contact_phone_masked: d.phone ? maskPhone(d.phone) : null,
    contact_phone_last4: d.phone ? d.phone.slice(-4) : null,
    contactPhone: d.phone,
    description: d.description,
    state: 'received',
    owner_id: ownerId,
    handler_id: ownerId,
    handler_org_id: null,
    received_at: iso(d.receivedMs),
    received_date: received,
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
    trips: walkIn ? 1 : 0,
    agency_authorized: 0,
    rating: null,
    rating_comment: null,
    rated_at: null,
    rating_source: null,
    follow_up_needed: 0,
    excluded: 0,
    excluded_reason: null,
    reopened_count: 0,
    created_at: iso(d.receivedMs),
    updated_at: iso(d.receivedMs),
  };
  // Online requests arrive without an account; the rest are entered by the window (or its desk).
  // Online requests come through the resident pages (the timeline says 'resident', as that route records it).
  const life = new Life(days, d.item, nowMs, newId, row, online ? RESIDENT_ONLINE : c.window);
  const f = d.fate;
  const w = c.window;
  // Closing is the owner's, or a leader's when no account owns the request.
  const closer = (): Who => (row.owner_id && row.owner_id === w.id ? w : c.leader);
  const doer = (): Who => (row.handler_org_id ? c.townshipOfficer : w);

  if (f.duplicateOf) {
    // The leader takes it out of the figures once it is seen to be the same matter (number filled in later).
    const t = time.later(d.receivedMs, rng.int(1, 3));
    life.interjections.push({ t, run: () => life.apply(t, c.leader, 'exclude', { excluded: true, reason: '__DUPLICATE__' }) });
  }

  if (f.refused) {
    const t = walkIn ? time.soon(life.t, 3, 20) : time.later(life.t, rng.chance(0.6) ? 0 : 1);
    life.step(t, w, 'refuse', { reason: rng.pick(REFUSE_REASONS) });
    life.finish();
    return life;
  }
  if (f.holdAt === 'received' || f.stalled === 'received') {
    life.finish();
    return life;
  }

  // Accept: a walk-in at once; others within the response limit, a few late.
  const acceptAt = walkIn
    ? time.soon(life.t, 1, 12)
    : f.lateResponse
      ? time.later(life.t, rng.int(2, 3))
      : rng.chance(0.6)
        ? time.soon(life.t, 15, 240)
        : time.later(life.t, 1);
  if (!life.step(acceptAt, w, 'accept', { note: walkIn ? '材料齐全，当场受理' : '已联系群众，受理' })) return finish(life);
  if (f.holdAt === 'accepted') return finish(life);

  if (f.agency && c.agencyClerk) {
    const validUntil = addCalendarDays(received, 90);
    if (
      !life.step(time.soon(life.t, 2, 15), c.agencyClerk, 'authorize-agency', {
        scope: `代为办理${d.item.name}：代填申请表、代交材料、代领结果`,
        validUntil,
        signedHow: rng.pick(SIGNED_HOW),
      })
    )
      return finish(life);
    if (!life.step(time.soon(life.t, 5, 60), c.agencyClerk, 'agency-step', { step: '代为填写申请表并提交材料' })) return finish(life);
  }
  if (f.transfer) {
    const input = { toUserId: c.townshipOfficer.id, toOrgId: c.township.id, note: `转${c.township.name}审核` };
    if (!life.step(time.later(life.t, rng.int(0, 1)), w, 'transfer', input)) return finish(life);
  }
  if (f.visit && c.visitor) {
    const today = chinaDate(life.t);
    const left = Math.max(1, days.between(today, row.completion_due) - 1);
    const scheduledFor = time.add(today, rng.int(1, Math.min(3, left)));
    if (!life.step(time.soon(life.t, 5, 60), doer(), 'schedule-visit', { scheduledFor, assigneeId: c.visitor.assignee.id })) return finish(life);
    const visitId = life.visits.at(-1)!.id;
    if (!life.step(time.on(scheduledFor, life.t), c.visitor.recorder, 'record-visit', { visitId, outcome: rng.pick(VISIT_OUTCOMES) })) return finish(life);
  }
  if (f.pause) {
    const left = days.between(chinaDate(life.t), row.completion_due);
    if (!life.step(time.later(life.t, rng.int(0, Math.min(2, Math.max(0, left - 1)))), doer(), 'pause', { reason: rng.pick(PAUSE_REASONS) }))
      return finish(life);
    if (f.holdAt === 'waiting') return finish(life);
    const back = time.later(life.t, rng.int(1, 5));
    // Most bring the missing papers to the hall (a second trip); some send them online.
    if (rng.chance(0.7)) {
      if (!life.step(back, w, 'trip', { note: '群众到大厅补交材料' })) return finish(life);
      if (!life.step(time.soon(life.t, 1, 10), w, 'resume', { note: '材料已补齐' })) return finish(life);
    } else if (!life.step(back, w, 'resume', { note: '群众已在线补交材料' })) return finish(life);
  } else if (f.extraTrip) {
    if (!life.step(time.later(life.t, rng.int(1, 2)), w, 'trip', { note: '群众再次来到大厅补充说明情况' })) return finish(life);
    if (rng.chance(0.3) && !life.step(time.later(life.t, 1), w, 'trip', { note: '群众第三次来到大厅' })) return finish(life);
  }
  if (f.agency && c.agencyClerk && life.authorizations.length > 0) {
    if (!life.step(time.later(life.t, rng.int(0, 1)), c.agencyClerk, 'agency-step', { step: `代为向${d.item.department}递交材料` })) return finish(life);
  }
  if (f.stalled === 'accepted') return finish(life);

  // Complete: most within the limit (early, usually), some late.
  const completeAt = (): number => {
    const from = chinaDate(life.t);
    const dueDay = row.completion_due;
    let day: string;
    if (f.lateCompletion) day = time.add(dueDay, rng.int(1, 6));
    else {
      const span = from <= dueDay ? days.between(from, dueDay) : 0;
      day = time.add(from, Math.floor(span * rng.next() ** 1.8));
      if (!time.working(day)) day = time.onOrAfter(day);
    }
    return day <= from ? time.soon(life.t, 20, 240) : time.on(day, life.t);
  };
  const result = RESULTS[d.item.code] ?? '已办结';
  if (!life.step(completeAt(), doer(), 'complete', { result })) return finish(life);
  if (f.holdAt === 'completed') return finish(life);

  const informAndRate = (rating: Rating, rated: boolean, redo = false): boolean => {
    let method: string;
    if (f.pickupInPerson && !redo) {
      if (!life.step(time.later(life.t, rng.int(0, 2)), w, 'trip', { note: '群众到大厅领取办理结果' })) return false;
      method = 'in-person';
    } else
      method = walkIn
        ? rng.weighted([
            ['phone', 50],
            ['sms', 30],
            ['in-person', 20],
          ] as const)
        : online
          ? rng.pick(['online', 'sms'])
          : d.channel === 'grid-worker'
            ? rng.pick(['home-visit', 'phone'])
            : 'phone';
    const informAt = method === 'in-person' ? time.soon(life.t, 1, 10) : rng.chance(0.55) ? time.soon(life.t, 5, 120) : time.later(life.t, 1);
    if (!life.step(informAt, w, 'inform', { method })) return false;
    if (f.holdAt === 'informed' && !redo) return false;
    if (!rated) return true;
    // At the window the resident rates on the spot; online requesters mostly rate on the resident
    // pages (as 群众, source online); otherwise the return visit (回访) asks.
    const atWindow = method === 'in-person' && rng.chance(0.5);
    const byResident = online && !atWindow && rng.chance(0.6);
    const rateAt = atWindow ? time.soon(life.t, 1, 5) : time.later(life.t, rng.int(0, 3));
    const comment = rng.chance(0.4) ? rng.pick(RATING_COMMENTS[rating]) : undefined;
    const source = atWindow ? 'window' : byResident ? 'online' : 'return-visit';
    return life.step(rateAt, byResident ? RESIDENT_RATING : w, 'rate', { rating, source, ...(comment ? { comment } : {}) });
  };
  if (!informAndRate(f.rating, f.rated)) return finish(life);
  if (f.holdAt === 'rated') return finish(life);

  if (!isSatisfied(f.rating) && f.rated) {
    // The dissatisfied are followed up: upheld → done again; unfounded → explained and closed.
    const followAt = time.later(life.t, rng.int(1, 3));
    if (f.upheld) {
      if (!life.step(followAt, c.leader, 'follow-up', { result: 'upheld', note: '经回访核实，群众反映情况属实，重新办理' })) return finish(life);
      if (!life.step(time.later(life.t, rng.int(1, 4)), doer(), 'complete', { result: `${result}（重新办理）` })) return finish(life);
      const again = rng.weighted([
        ['satisfied', 50],
        ['basically-satisfied', 30],
        ['very-satisfied', 20],
      ] as const);
      if (!informAndRate(again, true, true)) return finish(life);
    } else if (!life.step(followAt, c.leader, 'follow-up', { result: 'unfounded', note: '经核查已按政策规定办理，已向群众解释说明' })) return finish(life);
  }
  // Close: after the rating, or without one when the resident could not be reached.
  const closeAt = f.rated ? time.later(life.t, rng.int(0, 2)) : time.later(life.t, rng.int(3, 5));
  life.step(closeAt, closer(), 'close', f.rated ? {} : { note: '多次回访未能联系到群众，按规定办结' });
  return finish(life);
}

export function finish(life: Life): Life {
  life.finish();
  return life;
}

/** The notifications the clock job would have raised over the request's life (once each). */
export function notificationsOf(life: Life, days: Days, nowMs: number, warn: number, newId: (ms: number) => string): RequestNotificationsTable[] {
  const out: RequestNotificationsTable[] = [];
  const running = (s: RequestState) => s === 'received' || s === 'accepted';
  const ended = !['received', 'accepted', 'waiting'].includes(life.row.state);
  let warned = false;
  let escalated = false;
  const snaps = life.snapshots;
  for (let k = 0; k < snaps.length; k++) {
    const s = snaps[k]!;
    const end = k + 1 < snaps.length ? snaps[k + 1]!.t : nowMs;
    if (!running(s.state) || end <= s.t) continue;
    // The job runs every minute: within a minute of the moment the condition first holds.
    const raise = (from: number) => Math.min(end - 1, from + 30_000);
    if (!warned) {
      // The first day the job sees no more than `warn` working days left: the due date, or earlier.
      let first = s.due;
      for (let d = days.previous(first); days.add(d, warn) >= s.due; d = days.previous(d)) first = d;
      const day = chinaDate(s.t) > first ? chinaDate(s.t) : first;
      const from = Math.max(s.t, startOfDay(day));
      if (day <= s.due && from < end) {
        const t = raise(from);
        if (t <= nowMs) {
          warned = true;
          out.push({
            id: newId(t),
            request_id: life.row.id,
            kind: 'warning',
            recipient_id: s.recipient,
            created_at: iso(t),
            read_at: ended ? iso(Math.min(nowMs, t + 3 * 3600_000)) : null,
          });
        }
      }
    }
    if (!escalated) {
      const from = Math.max(s.t, startOfDay(addCalendarDays(s.due, 1)));
      const t = raise(from);
      if (from < end && t <= nowMs) {
        escalated = true;
        out.push({
          id: newId(t),
          request_id: life.row.id,
          kind: 'overdue',
          recipient_id: null,
          created_at: iso(t),
          read_at: ended ? iso(Math.min(nowMs, t + 6 * 3600_000)) : null,
        });
      }
    }
  }
  return out;
}

/**
 * The whole plan, pure (no database): requests of every community, numbered FW<date>-NNNN in the
 * order received across the city, with their timelines, side tables, notifications and counters.
 */
export function planServiceHall(input: ServiceHallInput): ServiceHallPlan {
  const nowMs = Date.parse(input.now);
  const byCode = new Map(input.items.map((i) => [i.code, i]));
  const days = new Days(input.cal, addCalendarDays(chinaDate(nowMs), -200));
  const lives: { d: Draft; life: Life }[] = [];
  for (const c of input.communities) {
    const drafts = draftCommunity(c, days, byCode, nowMs);
    const clockRng = new Rng(prng(`${SEED}:${c.code}:life`));
    for (const d of drafts) {
      const life = live(d, input.cal, days, nowMs, newId, clockRng);
      d.life = life;
      lives.push({ d, life });
    }
  }
  // Numbers: per China day, in the order received across the city, as nextRequestNumber gives them.
  lives.sort((a, b) => a.d.receivedMs - b.d.receivedMs || (a.life.row.id < b.life.row.id ? -1 : 1));
  const perDay = new Map<string, number>();
  for (const { life } of lives) {
    const day = life.row.received_date;
    const n = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, n);
    life.row.number = `FW${day.replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
  }
  for (const { d, life } of lives) {
    if (!d.fate.duplicateOf) continue;
    const reason = `重复诉求：与${d.fate.duplicateOf.life!.row.number}为同一事项，已合并办理`;
    if (life.row.excluded_reason === '__DUPLICATE__') life.row.excluded_reason = reason;
    for (const e of life.events) if (e.note === '__DUPLICATE__') e.note = reason;
  }
  const plan: ServiceHallPlan = { requests: [], events: [], authorizations: [], visits: [], notifications: [], counters: [] };
  for (const { life } of lives) {
    plan.requests.push(life.row);
    plan.events.push(...life.events);
    plan.authorizations.push(...life.authorizations);
    plan.visits.push(...life.visits);
    plan.notifications.push(...notificationsOf(life, days, nowMs, input.warnWorkingDays, newId));
  }
  plan.counters = [...perDay].map(([day, value]) => ({ name: `service-request:${day}`, value }));
  return plan;
}
