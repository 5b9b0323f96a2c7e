import { addCalendarDays, type Channel, type Rating, type RequestState } from '@lingyan/shared';
import { syntheticNames } from './demo-registry.names.ts';
import { prng, Rng } from './demo-random.ts';
import {
  SEED,
  TIANSHAN,
  OPEN_MIN,
  CLOSE_MIN,
  type Weights,
  HALL_ITEMS,
  GRID_ITEMS,
  HOTLINE_ITEMS,
  CHANNEL_SHARE,
  RATING_SHARE,
  AGES,
  DESCRIPTIONS,
  CHANNEL_PREFIX,
} from './demo-service-hall.data.ts';
import { chinaDate, minuteOfDay, startOfDay, Days } from './demo-service-hall.time.ts';
import { Life } from './demo-service-hall.life.ts';
import { type DemoItem, type DemoResident, type DemoCommunity } from './demo-service-hall.inputs.ts';

/** Who comes to the demo service hall, when, and for what: each community's drafts (see demo-service-hall.ts). */

export type Fate = {
  refused: boolean;
  lateResponse: boolean;
  lateCompletion: boolean;
  transfer: boolean;
  pause: boolean;
  agency: boolean;
  visit: boolean;
  extraTrip: boolean;
  pickupInPerson: boolean;
  rated: boolean;
  rating: Rating;
  upheld: boolean;
  /** Open and overdue now: 'received' never accepted, 'accepted' never completed. */
  stalled: 'received' | 'accepted' | null;
  /** The life stops after this state (recent requests), so every state has examples. */
  holdAt: RequestState | null;
  duplicateOf: Draft | null;
};

export type Draft = {
  community: DemoCommunity;
  receivedMs: number;
  channel: Channel;
  item: DemoItem;
  resident: DemoResident | null;
  visitorName: string | null;
  phone: string | null;
  description: string;
  fate: Fate;
  life?: Life;
};

export function ageOn(birth: string | null, today: string): number {
  if (!birth) return 40;
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** The latest birth date of someone `age` or older on `date`. */
export const bornBy = (date: string, age: number) => `${String(Number(date.slice(0, 4)) - age).padStart(4, '0')}${date.slice(4)}`;

/** Residents by birth date, to pick one of an age quickly. */
export class People {
  readonly sorted: DemoResident[];
  constructor(residents: DemoResident[]) {
    this.sorted = residents.filter((r) => r.birth_date).sort((a, b) => (a.birth_date! < b.birth_date! ? -1 : a.birth_date! > b.birth_date! ? 1 : 0));
  }
  /** The first index whose birth date is after `date`. */
  private after(date: string): number {
    let lo = 0,
      hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.birth_date! > date) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  /** Someone aged lo–hi on `date`, or null. */
  aged(rng: Rng, date: string, lo: number, hi: number): DemoResident | null {
    const from = this.after(bornBy(date, hi + 1));
    const to = this.after(bornBy(date, lo));
    return to > from ? this.sorted[rng.int(from, to - 1)]! : null;
  }
}

/** The dates six months before today (inclusive) up to yesterday, split into working days and others. */
export function pastDays(days: Days, today: string): { working: string[]; off: string[] } {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 6);
  const working: string[] = [];
  const off: string[] = [];
  for (let day = d.toISOString().slice(0, 10); day < today; day = addCalendarDays(day, 1)) (days.working(day) ? working : off).push(day);
  return { working, off };
}

/** Office-hour minute of a request: busiest mid-morning and late afternoon (Xinjiang keeps Beijing time). */
export function receiveMinute(rng: Rng): number {
  const hump = rng.weighted([
    [[10 * 60, 13 * 60 + 30], 55],
    [[16 * 60, 19 * 60 + 20], 40],
    [[13 * 60 + 30, 16 * 60], 5],
  ] as const);
  return rng.int(hump[0], hump[1]);
}

export function pickItem(rng: Rng, weights: Weights, byCode: Map<string, DemoItem>, online: boolean): DemoItem {
  const usable = weights.filter(([code]) => byCode.has(code) && (!online || byCode.get(code)!.online === 1));
  return byCode.get(rng.weighted(usable))!;
}

export function draftCommunity(c: DemoCommunity, days: Days, byCode: Map<string, DemoItem>, nowMs: number): Draft[] {
  const rng = new Rng(prng(`${SEED}:${c.code}`));
  const today = chinaDate(nowMs);
  const names = syntheticNames(`${SEED}:${c.code}`);
  const { working, off } = pastDays(days, today);
  const rich = c.code === TIANSHAN;
  const total = rich ? rng.int(270, 300) : rng.int(150, 300);

  // Today's first requests: in office hours before now (online ones any time since midnight).
  const nowMin = minuteOfDay(nowMs);
  const todays: { ms: number; channel: Channel }[] = [];
  const todayCount = rich ? rng.int(3, 5) : rng.int(0, 3);
  for (let k = 0; k < todayCount; k++) {
    let channel = rng.weighted(CHANNEL_SHARE);
    if (!days.working(today)) channel = 'online';
    const lo = channel === 'online' ? 30 : OPEN_MIN;
    const hi = Math.min(CLOSE_MIN, nowMin - 10);
    if (hi <= lo) continue;
    todays.push({ ms: startOfDay(today) + rng.int(lo, hi) * 60_000 + rng.int(0, 59) * 1000, channel });
  }

  const slots: { ms: number; channel: Channel }[] = [...todays];
  for (let k = slots.length; k < total; k++) {
    const channel = rng.weighted(CHANNEL_SHARE);
    // The hall works on working days; online requests also come at weekends and holidays.
    const offDay = channel === 'online' && off.length > 0 && rng.chance(0.2);
    const day = offDay ? rng.pick(off) : rng.pick(working);
    slots.push({ ms: startOfDay(day) + receiveMinute(rng) * 60_000 + rng.int(0, 59) * 1000, channel });
  }
  slots.sort((a, b) => a.ms - b.ms);

  const people = new People(c.residents);
  const tenDaysAgo = addCalendarDays(today, -10);
  const drafts: Draft[] = [];
  for (const [index, slot] of slots.entries()) {
    const channel = slot.channel;
    const received = chinaDate(slot.ms);
    const recent = received >= tenDaysAgo;
    const weights = channel === 'grid-worker' ? GRID_ITEMS : channel === 'hotline-12345' ? HOTLINE_ITEMS : HALL_ITEMS;
    let item = pickItem(rng, weights, byCode, channel === 'online');
    // A request received without an account (online) names the person; the registry links the rest.
    const residentShare = channel === 'online' ? 0 : channel === 'grid-worker' ? 0.95 : channel === 'hotline-12345' ? 0.7 : 0.82;
    let resident: DemoResident | null = null;
    if (c.residents.length > 0 && rng.chance(residentShare)) {
      const [lo, hi] = AGES[item.code] ?? [18, 120];
      resident = people.aged(rng, received, lo, hi) ?? people.aged(rng, received, 18, 120) ?? rng.pick(c.residents);
    }
    let visitorName: string | null = null;
    if (!resident) {
      const [lo, hi] = AGES[item.code] ?? [20, 75];
      visitorName = names(rng.chance(0.5) ? 'male' : 'female', Number(received.slice(0, 4)) - rng.int(lo, Math.min(hi, 90))).name;
    }
    const phoneShare = channel === 'window' ? 0.6 : channel === 'grid-worker' ? 0.5 : 1;
    const phone = rng.chance(phoneShare) ? `1${rng.pick(['3', '5', '8', '9'])}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null;
    let description = `${CHANNEL_PREFIX[channel]}${rng.pick(DESCRIPTIONS[item.code] ?? [item.name])}`;

    // A duplicate (~2%): the same person's same matter again, usually through 12345 or by phone.
    let duplicateOf: Draft | null = null;
    if (index > 5 && received < today && rng.chance(0.02)) {
      const original = drafts[index - rng.int(1, Math.min(8, index))]!;
      if (original.fate.refused === false && original.fate.duplicateOf === null && original.channel !== 'online') {
        duplicateOf = original;
        item = original.item;
        resident = original.resident;
        visitorName = original.visitorName;
        description = `${CHANNEL_PREFIX[channel]}${original.description.replace(/^[^：]*：/, '')}`;
      }
    }
    const limit = item.limit_days;
    const rating = rng.weighted(RATING_SHARE);
    const fate: Fate = {
      refused: !duplicateOf && rng.chance(0.03),
      lateResponse: channel !== 'window' && rng.chance(0.05),
      lateCompletion: rng.chance(0.06),
      transfer: ['SB-01', 'SB-02', 'ZF-01'].includes(item.code) ? rng.chance(0.5) : rng.chance(0.03),
      pause: limit >= 3 && rng.chance(recent ? 0.25 : 0.08),
      agency: item.agency === 1 && c.agencyClerk !== null && rng.chance(resident && ageOn(resident.birth_date, received) >= 70 ? 0.7 : 0.25),
      visit: item.home_visit === 1 && c.visitor !== null && rng.chance(0.45),
      extraTrip: channel === 'window' && rng.chance(0.1),
      pickupInPerson: channel !== 'window' && channel !== 'online' && rng.chance(0.45),
      rated: rng.chance(0.92),
      rating,
      upheld: rng.chance(0.4),
      stalled: null,
      holdAt: null,
      duplicateOf,
    };
    drafts.push({ community: c, receivedMs: slot.ms, channel, item, resident, visitorName, phone, description, fate });
  }

  // A handful open and overdue now (the leader's overdue list, escalations): received 1–8 weeks ago.
  const [eightWeeksAgo, aWeekAgo] = [addCalendarDays(today, -56), addCalendarDays(today, -7)];
  const eligible = drafts.filter((d) => {
    const day = chinaDate(d.receivedMs);
    return !d.fate.refused && !d.fate.duplicateOf && day >= eightWeeksAgo && day <= aWeekAgo && days.add(day, d.item.limit_days) < today;
  });
  const stalled = rich ? 4 : rng.int(2, 3);
  for (let k = 0; k < stalled && eligible.length > 0; k++) {
    // In 天山路社区 the first is a walk-in its window accepted (tianshan-window owns it).
    const pool = rich && k === 0 ? eligible.filter((d) => d.channel === 'window') : k === 1 ? eligible.filter((d) => d.channel !== 'window') : eligible;
    if (pool.length === 0) continue;
    const d = rng.pick(pool);
    eligible.splice(eligible.indexOf(d), 1);
    d.fate.stalled = k === 1 ? 'received' : 'accepted';
    d.fate.pause = false;
  }

  // Recent requests held at each state, so the board has every state to show: each from the last
  // weeks, old enough for its steps to fit before now (working days after receipt, at most), and
  // with no delays drawn (no late steps, no pause but for the one held waiting).
  const holds: [RequestState, number, (limit: number) => number][] = [
    // (The scarcest first. Waiting for missing papers may well take a month.)
    ['waiting', 30, () => 7],
    ['rated', 35, (limit) => limit + 8],
    ['informed', 28, (limit) => limit + 4],
    ['completed', 21, (limit) => limit + 1],
    ['accepted', 7, () => 1],
    ['received', 2, () => 0],
  ];
  const recent = drafts.filter((d) => !d.fate.refused && !d.fate.duplicateOf && !d.fate.stalled && chinaDate(d.receivedMs) < today);
  for (const [hold, span, needs] of holds) {
    const since = addCalendarDays(today, -span);
    const pool = recent.filter((d) => {
      const day = chinaDate(d.receivedMs);
      if (day < since || days.add(day, needs(d.item.limit_days)) >= today) return false;
      return hold === 'received' ? d.channel !== 'window' : hold === 'waiting' ? d.item.limit_days >= 3 : true;
    });
    if (pool.length === 0) continue;
    const d = rng.pick(pool);
    recent.splice(recent.indexOf(d), 1);
    Object.assign(d.fate, { holdAt: hold, lateResponse: false, lateCompletion: false, extraTrip: false, pickupInPerson: false, pause: hold === 'waiting' });
    if (hold === 'rated') d.fate.rated = true;
  }
  return drafts;
}

/** Lives one request through its steps up to now. */
