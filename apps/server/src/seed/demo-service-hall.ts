import { stepEffect } from '../modules/service-requests/service-requests.steps.ts';
import { newId } from '../platform/ids.ts';
import type { Kysely } from 'kysely';
import {
  addCalendarDays,
  addWorkingDays,
  buildWorkCalendar,
  canTransition,
  isSatisfied,
  isWorkingDay,
  maskPhone,
  workingDaysBetween,
  type Channel,
  type Rating,
  type RequestAction,
  type RequestState,
  type WorkCalendarData,
} from '@lingyan/shared';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import type {
  AgencyAuthorizationsTable,
  CountersTable,
  DB,
  HomeVisitsTable,
  RequestNotificationsTable,
  ServiceRequestEventsTable,
  ServiceRequestsTable,
} from '../platform/db/schema.ts';
import { SETTINGS } from '../platform/settings.ts';
import { computeDueDates } from '../modules/service-requests/service-requests.clocks.ts';
import { addToDaily, tallyRows } from '../modules/service-requests/service-requests.tally.ts';
import { phoneIndex } from '../modules/residents/resident-codec.ts';
import { villageKind } from './division-data.ts';
import { syntheticNames } from './demo-registry.ts';
import type { SeededTree } from './org-tree.ts';
import { prng, Rng } from './demo-random.ts';

/**
 * Six months of the service hall (办件) in the urban communities of the Shawan demo, so every page
 * and figure has something true to show: requests in every state and channel, agency (代办) and
 * home-visit cases, pauses for missing materials (补正), transfers to the 街道, trips, ratings of
 * every level with follow-up of the dissatisfied ones, some completed late, a few still open and
 * overdue now, some refused and some excluded as duplicates, and today's first requests.
 *
 * Each request lives its life through `Life` below, which applies every step with the same rules
 * as applyAction in modules/service-requests/service-requests.commands.ts: the state machine of
 * shared (canTransition/nextState), due dates from computeDueDates on the official working-day
 * calendar, clocks frozen with finalClockState, pauses counted with pausedDays. Nothing is written
 * that the app could not have written itself; the seed test recomputes every clock to check it.
 *
 * Who acts. Only 天山路社区 has a window account in the demo (tianshan-window): there it is the
 * first-contact owner of every request it received or accepted, its leader (tianshan) excludes
 * and follows up, and its grid worker (tianshan-grid1) makes the home visits (the window records
 * their outcome: a grid worker's scope is its grid, so the policy does not let it act on a
 * community's request). Online requests come through the resident pages, with no owner until
 * accepted, and are often rated there. The other communities have no staff accounts, so their history is kept the way
 * the app keeps a step taken by no account: owner and handler stay empty (as for an online request
 * no account has taken) and the timeline names the community's desk ("奎屯路社区窗口", actor id
 * empty); closing, which the app allows only the owner or a leader, is done by the leader
 * (tiyuchang in 体育场路社区, otherwise the named 社区书记 desk). Agency authorisations and home
 * visits need an account by schema (recorded_by, assignee_id): they are recorded by the nearest
 * account whose role may take the step — the community's own (天山路, 体育场路), else the 街道's
 * officer (taoyuan, tuanjie) — and the four communities of 书香街道 and 凯旋街道, which have none,
 * have no agency or visit records. Transfers go to the 街道 (its officer where there is one).
 *
 * The warnings and escalations the clock job would have raised along the way are there too, so the
 * job finds nothing to raise on the first start.
 *
 * Deterministic: a seeded PRNG per community (ids aside), so reseeding at the same moment gives the
 * same requests. The seed writes no audit rows: the demo history is seed data, not actions anyone
 * took in this installation. Nothing personal is logged. Contact phones are synthetic.
 */

/** Raise when the generator changes, so the data of a reseed is knowingly different. */
const SEED = 'lingyan-demo-service-hall-v1';
const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
export const TIANSHAN = '654203002009';
const TIYUCHANG = '654203001017';

const DAY_MS = 86_400_000;
const CHINA_MS = 8 * 3600_000;
const OPEN_MIN = 10 * 60; // 10:00 China time (Xinjiang halls keep Beijing time, opening late)
const CLOSE_MIN = 19 * 60 + 30; // 19:30

// Randomness ------------------------------------------------------------------------------------

// What people ask for ---------------------------------------------------------------------------

type Weights = readonly (readonly [string, number])[];

/** Window and phone: what a community hall of northern Xinjiang sees most (认证, 医保, 低保, 就业…). */
const HALL_ITEMS: Weights = [
  ['SB-05', 12],
  ['YB-01', 10],
  ['SB-01', 8],
  ['JY-01', 8],
  ['LN-01', 6],
  ['SB-03', 5],
  ['YB-02', 5],
  ['SB-04', 5],
  ['JY-02', 5],
  ['ZF-02', 4],
  ['HJ-01', 4],
  ['ZM-01', 4],
  ['LN-02', 3],
  ['CJ-01', 3],
  ['CJ-02', 3],
  ['JY-03', 3],
  ['ZF-01', 3],
  ['HJ-02', 3],
  ['JS-01', 3],
  ['ZM-02', 3],
  ['ZM-03', 3],
  ['SB-02', 2],
  ['DJ-01', 2],
  ['DJ-02', 2],
  ['JS-02', 2],
  ['TY-01', 2],
];
/** What grid workers bring back from their rounds: the elderly, the disabled, disputes, the street. */
const GRID_ITEMS: Weights = [
  ['SB-05', 10],
  ['LN-01', 8],
  ['ZM-03', 8],
  ['LN-02', 5],
  ['ZM-02', 5],
  ['CJ-02', 4],
  ['SB-03', 4],
  ['SB-01', 4],
  ['YB-01', 4],
];
/** 12345 hotline dispatches: mostly the street and disputes, some hardship and insurance. */
const HOTLINE_ITEMS: Weights = [
  ['ZM-03', 12],
  ['ZM-02', 6],
  ['SB-03', 4],
  ['SB-01', 3],
  ['YB-01', 3],
  ['JY-01', 3],
  ['LN-01', 2],
  ['ZF-01', 2],
  ['HJ-01', 2],
];
const CHANNEL_SHARE: readonly (readonly [Channel, number])[] = [
  ['window', 55],
  ['phone', 15],
  ['online', 10],
  ['grid-worker', 12],
  ['hotline-12345', 8],
];
const RATING_SHARE: readonly (readonly [Rating, number])[] = [
  ['very-satisfied', 60],
  ['satisfied', 25],
  ['basically-satisfied', 8],
  ['dissatisfied', 5],
  ['very-dissatisfied', 2],
];

/** Who may ask: age bounds for the items that have them (高龄津贴 from 80, 认证 from 60 …). */
const AGES: Record<string, [number, number]> = {
  'LN-01': [80, 120],
  'LN-02': [65, 120],
  'SB-05': [60, 120],
  'SB-04': [16, 59],
  'JY-01': [16, 59],
  'JY-02': [16, 59],
  'JY-03': [18, 59],
  'JS-01': [20, 45],
  'JS-02': [55, 120],
  'TY-01': [22, 90],
};

const DESCRIPTIONS: Record<string, readonly string[]> = {
  'SB-01': ['家庭成员长期患病，收入低于本市低保标准，申请最低生活保障', '夫妻双方失业，家庭生活困难，申请低保', '低保到期复核，申请继续享受最低生活保障'],
  'SB-02': ['老人无劳动能力、无生活来源、无法定赡养人，申请特困供养', '重度残疾人无赡养人，申请特困人员救助供养'],
  'SB-03': ['家中突发火灾，生活用品损毁，申请临时救助', '家庭成员突发重病住院，医疗费用支出较大，申请临时救助', '因交通事故致家庭生活暂时困难，申请临时救助'],
  'LN-01': ['老人年满八十周岁，申请高龄津贴', '高龄津贴发放账户变更，重新申请'],
  'LN-02': ['独居老人行动不便，申请居家养老上门服务', '失能老人申请居家养老助餐、助洁服务'],
  'CJ-01': ['肢体残疾，申请办理残疾人证', '残疾人证到期换领', '听力残疾评定，协助办理残疾人证'],
  'CJ-02': ['重度残疾，申请护理补贴', '困难残疾人申请生活补贴'],
  'YB-01': ['新生儿参加城乡居民医疗保险', '年度城乡居民医保参保登记', '灵活就业人员转城乡居民医保参保'],
  'YB-02': ['高血压、糖尿病门诊慢特病待遇认定', '恶性肿瘤门诊治疗待遇认定申请'],
  'SB-04': ['城乡居民基本养老保险参保登记', '养老保险缴费档次变更'],
  'SB-05': ['养老保险待遇领取资格认证', '老人行动不便，申请上门进行待遇资格认证'],
  'JY-01': ['办理失业登记', '新入职办理就业登记', '灵活就业登记'],
  'JY-02': ['申领《就业创业证》', '《就业创业证》遗失补办'],
  'JY-03': ['就业困难人员申请公益性岗位', '咨询并申请社区公益性岗位'],
  'ZF-01': ['家庭住房困难，申请公共租赁住房', '公租房资格年度复核'],
  'ZF-02': ['房屋出租，办理租赁登记备案', '续签租赁合同，办理备案变更'],
  'HJ-01': ['外地来沙务工，申领居住证', '随迁子女入学需要，申领居住证'],
  'HJ-02': ['居住证年度签注', '居住证签注到期续签'],
  'DJ-01': ['党员组织关系由外地转入本社区', '党员组织关系转出'],
  'DJ-02': ['在职党员到社区报到', '新调入单位党员到社区报到'],
  'JS-01': ['办理一孩生育登记', '办理二孩生育登记', '办理三孩生育登记'],
  'JS-02': ['申请独生子女父母奖励扶助', '独生子女父母年满六十周岁，申请奖励扶助金'],
  'TY-01': ['退役军人信息采集，申领优待证', '退役军人优待证信息变更'],
  'ZM-01': ['子女入学需要，核实居民基本情况', '单位要求核实居住情况，按需开具'],
  'ZM-02': ['楼上漏水引发邻里纠纷，申请调解', '物业费纠纷，申请调解', '宠物扰民引发纠纷，申请调解'],
  'ZM-03': ['小区门口路灯损坏，夜间出行不便', '楼道内堆放杂物，存在消防隐患', '小区下水道堵塞，污水外溢', '道路井盖破损，存在安全隐患'],
};
const CHANNEL_PREFIX: Record<Channel, string> = {
  window: '',
  phone: '来电：',
  online: '网上申请：',
  'grid-worker': '网格员走访收集：',
  'hotline-12345': '12345热线转办：',
  open311: '',
};

const RESULTS: Record<string, string> = {
  'SB-01': '入户调查和民主评议完成，已报街道审核，经市民政局审批纳入低保',
  'SB-02': '已完成调查评估，经市民政局审批纳入特困供养',
  'SB-03': '已核实困难情况，经审批发放临时救助金',
  'LN-01': '已审核通过，高龄津贴自次月起按月发放',
  'LN-02': '已完成能力评估，安排服务机构上门服务',
  'CJ-01': '已协助完成残疾评定，残疾人证已制发',
  'CJ-02': '已审核通过，补贴自次月起发放',
  'YB-01': '已完成医保参保登记',
  'YB-02': '已报市医疗保障局认定通过，待遇已生效',
  'SB-04': '已完成养老保险参保登记',
  'SB-05': '已完成待遇领取资格认证',
  'JY-01': '已完成就业（失业）登记',
  'JY-02': '《就业创业证》已制发',
  'JY-03': '已审核并推荐上岗',
  'ZF-01': '初审通过，已报市住房和城乡建设局',
  'ZF-02': '已完成租赁登记备案',
  'HJ-01': '材料已转递公安机关，居住证已制发',
  'HJ-02': '已完成居住证签注',
  'DJ-01': '组织关系已转接完成',
  'DJ-02': '已完成报到登记',
  'JS-01': '已完成生育登记',
  'JS-02': '已审核通过，奖励扶助金按规定发放',
  'TY-01': '信息已采集，优待证已制发',
  'ZM-01': '已核实居民基本情况并按需出具',
  'ZM-02': '经调解，双方达成一致并签订调解协议',
  'ZM-03': '已协调市城市管理局处理，问题已解决',
};

const REFUSE_REASONS = [
  '不属于本社区受理范围，已告知到市政务服务中心办理',
  '申请人户籍及居住地不在本社区，已告知向居住地社区申请',
  '经初步核查不符合申请条件，已当面解释相关政策',
  '同一事项已在办理中，不重复受理',
];
const PAUSE_REASONS = [
  '补正：缺少户口簿复印件',
  '补正：需提供近六个月银行流水',
  '补正：需补充医院诊断证明',
  '补正：照片不符合要求，需重新提供',
  '补正：需提供房屋权属证明',
  '补正：家庭成员收入证明不全',
];
const VISIT_OUTCOMES = ['入户核实家庭情况，与申报一致', '上门为老人办理，已当面确认', '入户了解情况，已向家属说明后续流程', '上门核查，现场情况与反映一致'];
const RATING_COMMENTS: Record<Rating, readonly string[]> = {
  'very-satisfied': ['工作人员热情耐心，一次就办好了', '不用来回跑，非常满意', '上门服务，给社区点赞'],
  satisfied: ['办得挺快', '解释得很清楚'],
  'basically-satisfied': ['等的时间有点长', '材料要求可以提前一次说清楚'],
  dissatisfied: ['办理时间太长', '来回跑了好几次'],
  'very-dissatisfied': ['问题没有解决', '答复不满意'],
};
const SIGNED_HOW = ['written', 'written', 'fingerprint', 'electronic', 'verbal-recorded'] as const;

/** How the resident pages name the resident in the timeline: submitting (audit name) and rating. */
const RESIDENT_ONLINE: Who = { id: null, name: 'resident' };
const RESIDENT_RATING: Who = { id: null, name: '群众' };

// Inputs -----------------------------------------------------------------------------------------

export type DemoItem = {
  id: string;
  code: string;
  name: string;
  department: string;
  limit_days: number;
  response_days: number;
  agency: number;
  home_visit: number;
  online: number;
};
export type DemoResident = { id: string; name: string; birth_date: string | null };
/** An account (id) or a named desk without one (id null), as it appears in the timeline. */
export type Who = { id: string | null; name: string };
export type DemoCommunity = {
  id: string;
  code: string;
  name: string;
  path: string;
  township: { id: string; name: string };
  residents: DemoResident[];
  /** Receives, accepts, completes, informs and records ratings: tianshan-window, or the desk. */
  window: Who;
  /** Excludes, follows up, and closes where no owner account can: the community's leader. */
  leader: Who;
  /** Who handles a transfer at the 街道: its officer's account, or the 街道's desk. */
  townshipOfficer: Who;
  /** Home visits: the account assigned, and who records the outcome (a worker the policy lets act). */
  visitor: { assignee: Who; recorder: Who } | null;
  /** Records agency authorisations and steps (an account), or none. */
  agencyClerk: Who | null;
};
export type ServiceHallInput = {
  cal: WorkCalendarData;
  items: DemoItem[];
  communities: DemoCommunity[];
  now: string;
  warnWorkingDays: number;
};

/** A request row as planned: the contact phone is still plain; the seed encrypts it. */
export type PlannedRequest = ServiceRequestsTable & { contactPhone: string | null };
export type ServiceHallPlan = {
  requests: PlannedRequest[];
  events: ServiceRequestEventsTable[];
  authorizations: AgencyAuthorizationsTable[];
  visits: HomeVisitsTable[];
  notifications: RequestNotificationsTable[];
  counters: CountersTable[];
};

// Time -------------------------------------------------------------------------------------------

// Remembered: the planner turns moments into China dates and back many thousands of times.
const dateOfDay = new Map<number, string>();
/** The China date (UTC+8) of a moment, as chinaDate() in platform/auth/actor.ts. */
function chinaDate(ms: number): string {
  const day = Math.floor((ms + CHINA_MS) / DAY_MS);
  let date = dateOfDay.get(day);
  if (date === undefined) dateOfDay.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return date;
}
const minuteOfDay = (ms: number) => Math.floor(((ms + CHINA_MS) % DAY_MS) / 60_000);
/** Midnight of a China date. */
const startOfDay = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - CHINA_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The calendar's answers for the planner, fast: it asks about the same few hundred days thousands
 * of times. Working days are numbered in order from a base date (isWorkingDay decides, as in the
 * shared functions), so "n working days after" and "working days between" are lookups; dates
 * before the base fall back to the shared functions. Due dates themselves come from
 * computeDueDates, remembered per (date, limits, paused days).
 */
class Days {
  /** Working days after `base`, in order; `ordinal` maps a date to how many of them are ≤ it. */
  private readonly workingList: string[] = [];
  private readonly ordinal = new Map<string, number>();
  private last: string;
  private readonly dues = new Map<string, ReturnType<typeof computeDueDates>>();
  private readonly before = new Map<string, string>();
  constructor(
    readonly cal: WorkCalendarData,
    readonly base: string,
  ) {
    this.last = base;
    this.ordinal.set(base, 0);
  }
  private extendTo(date: string) {
    while (this.last < date) {
      this.last = addCalendarDays(this.last, 1);
      if (isWorkingDay(this.cal, this.last)) this.workingList.push(this.last);
      this.ordinal.set(this.last, this.workingList.length);
    }
  }
  private ord(date: string): number {
    if (date > this.last) this.extendTo(date);
    return this.ordinal.get(date)!;
  }
  working(date: string): boolean {
    if (date <= this.base) return isWorkingDay(this.cal, date);
    const n = this.ord(date);
    return n > 0 && this.workingList[n - 1] === date;
  }
  /** addWorkingDays(cal, date, n).date */
  add(date: string, n: number): string {
    if (date < this.base) return addWorkingDays(this.cal, date, n).date;
    if (n === 0) return date;
    const k = this.ord(date) + n - 1;
    while (this.workingList.length <= k) this.extendTo(addCalendarDays(this.last, 7));
    return this.workingList[k]!;
  }
  /** workingDaysBetween(cal, from, to) */
  between(from: string, to: string): number {
    if (to <= from) return 0;
    if (from < this.base) return workingDaysBetween(this.cal, from, to);
    return this.ord(to) - this.ord(from);
  }
  /** computeDueDates(cal, received, item, paused): the app's due dates, as receive and resume compute them. */
  dueDates(received: string, item: DemoItem, paused = 0): ReturnType<typeof computeDueDates> {
    const key = `${received}:${item.response_days}:${item.limit_days}:${paused}`;
    let due = this.dues.get(key);
    if (due === undefined) this.dues.set(key, (due = computeDueDates(this.cal, received, item, paused)));
    return due;
  }
  /** The day before (calendar), remembered. */
  previous(date: string): string {
    let d = this.before.get(date);
    if (d === undefined) this.before.set(date, (d = addCalendarDays(date, -1)));
    return d;
  }
}

class Clockwork {
  constructor(
    readonly days: Days,
    readonly rng: Rng,
  ) {}
  working(date: string): boolean {
    return this.days.working(date);
  }
  /** The first working day on or after `date`. */
  onOrAfter(date: string): string {
    return this.working(date) ? date : this.days.add(date, 1);
  }
  add(date: string, days: number): string {
    return this.days.add(date, days);
  }
  /** A moment on `date` within office hours, at `fromMin` or later (null when the day is over). */
  momentOn(date: string, fromMin = OPEN_MIN): number | null {
    const lo = Math.max(OPEN_MIN, fromMin);
    if (lo > CLOSE_MIN - 5) return null;
    const minute = this.rng.int(lo, Math.min(CLOSE_MIN, lo + Math.max(20, Math.floor((CLOSE_MIN - lo) * 0.6))));
    return startOfDay(date) + minute * 60_000 + this.rng.int(0, 59) * 1000;
  }
  /** A few minutes after `prev` in office hours on a working day, else early on the next working day. */
  soon(prev: number, minMin: number, maxMin: number): number {
    const date = chinaDate(prev);
    const candidate = prev + this.rng.int(minMin, maxMin) * 60_000 + this.rng.int(0, 59) * 1000;
    if (this.working(date) && chinaDate(candidate) === date && minuteOfDay(candidate) < CLOSE_MIN && minuteOfDay(candidate) >= OPEN_MIN) return candidate;
    const next = this.working(date) && minuteOfDay(prev) < OPEN_MIN ? date : this.add(date, 1);
    return startOfDay(next) + (OPEN_MIN + this.rng.int(0, 90)) * 60_000 + this.rng.int(0, 59) * 1000;
  }
  /** Some time on the working day `days` working days after `prev` (0: later the same day, or soon). */
  later(prev: number, days: number): number {
    if (days <= 0) return this.soon(prev, 20, 300);
    const date = this.add(chinaDate(prev), days);
    return this.momentOn(date)!;
  }
  /** Some time on the working day `date` (≥ prev's day), after prev. */
  on(date: string, prev: number): number {
    const prevDate = chinaDate(prev);
    if (date < prevDate) return this.soon(prev, 20, 240);
    if (date > prevDate) return this.momentOn(date)!;
    return this.momentOn(date, minuteOfDay(prev) + 5) ?? this.soon(prev, 20, 240);
  }
}

// One request's life, step by step, with the rules of applyAction ---------------------------------

type Snapshot = { t: number; state: RequestState; due: string; recipient: string | null };

class Life {
  readonly row: PlannedRequest;
  readonly events: ServiceRequestEventsTable[] = [];
  readonly authorizations: AgencyAuthorizationsTable[] = [];
  readonly visits: HomeVisitsTable[] = [];
  readonly snapshots: Snapshot[] = [];
  /** Steps at a fixed moment that interleave with the rest (the leader's exclusion). */
  readonly interjections: { t: number; run: () => void }[] = [];
  /** The moment of the last step; a step after `nowMs` does not happen (the request waits there). */
  t: number;
  stopped = false;

  constructor(
    readonly days: Days,
    readonly item: DemoItem,
    readonly nowMs: number,
    readonly newId: (ms: number) => string,
    row: PlannedRequest,
    receivedBy: Who | null,
  ) {
    this.row = row;
    this.t = Date.parse(row.received_at);
    this.event(this.t, receivedBy, 'receive', null, 'received', null, { channel: row.channel, walkIn: row.trips === 1 });
    this.snap();
  }

  get state(): RequestState {
    return this.row.state as RequestState;
  }

  private snap() {
    this.snapshots.push({ t: this.t, state: this.state, due: this.row.completion_due, recipient: this.row.handler_id ?? this.row.owner_id });
  }

  private event(t: number, who: Who | null, action: string, from: string | null, to: string | null, note: string | null, data?: Record<string, unknown>) {
    this.events.push({
      id: this.newId(t),
      request_id: this.row.id,
      at: iso(t),
      actor_id: who?.id ?? null,
      actor_name: who?.name ?? null,
      action,
      from_state: from,
      to_state: to,
      note,
      data: data ? JSON.stringify(data) : null,
    });
  }

  /** Takes `action` at `t` unless that is after the seed's now; returns whether it happened. */
  step(t: number, who: Who, action: RequestAction, input: Record<string, unknown> = {}): boolean {
    if (this.stopped) return false;
    for (const j of this.interjections.filter((x) => x.t < t && x.t > this.t && x.t <= this.nowMs)) {
      j.run();
      this.interjections.splice(this.interjections.indexOf(j), 1);
    }
    if (t > this.nowMs || t <= this.t) {
      if (t <= this.t) throw new Error(`demo service hall: steps out of order (${action})`);
      this.stopped = true;
      return false;
    }
    this.apply(t, who, action, input);
    return true;
  }

  /** The steps that were still due at the end (an exclusion before now) happen after all. */
  finish() {
    for (const j of this.interjections) if (j.t <= this.nowMs && j.t > this.t) j.run();
    this.interjections.length = 0;
  }

  /** applyAction's effect on the row, the timeline and the side tables, for one step. */
  apply(t: number, who: Who, action: RequestAction, i: Record<string, unknown>) {
    const r = this.row;
    const state = this.state;
    if (!canTransition(state, action)) throw new Error(`demo service hall: ${action} is not allowed in state ${state}`);
    const at = iso(t);
    const today = chinaDate(t);
    if (action === 'reopen') throw new Error('demo service hall: reopen is not simulated');
    // The row's columns come from the app's own step rule; only the side rows are kept here.
    const effect = stepEffect(r, action, i, {
      actorId: who.id,
      at,
      today,
      cal: this.days.cal,
      item: this.item,
      target: action === 'transfer' ? { userId: (i.toUserId as string | null) ?? null, orgId: (i.toOrgId as string | null) ?? null } : null,
    });
    const { set, note } = effect;
    let data = effect.data;
    switch (action) {
      case 'authorize-agency':
        if (!who.id) throw new Error('demo service hall: an agency authorisation needs an account');
        this.authorizations.push({
          id: this.newId(t),
          request_id: r.id,
          scope: i.scope as string,
          valid_until: i.validUntil as string,
          signed_how: i.signedHow as string,
          recorded_by: who.id,
          recorded_at: at,
        });
        break;
      case 'agency-step': {
        const auth = this.authorizations.find((a) => a.valid_until >= today);
        if (!auth) throw new Error('demo service hall: agency step without a valid authorisation');
        data = { authorizationId: auth.id };
        break;
      }
      case 'schedule-visit': {
        const visitId = this.newId(t);
        this.visits.push({
          id: visitId,
          request_id: r.id,
          scheduled_for: i.scheduledFor as string,
          assignee_id: i.assigneeId as string,
          outcome: null,
          done_at: null,
          created_at: at,
        });
        data = { visitId, scheduledFor: i.scheduledFor, assigneeId: i.assigneeId };
        break;
      }
      case 'record-visit': {
        const visit = this.visits.find((v) => v.id === i.visitId);
        if (!visit) throw new Error('demo service hall: no such visit');
        visit.outcome = i.outcome as string;
        visit.done_at = at;
        data = { visitId: visit.id };
        break;
      }
    }
    Object.assign(r, set);
    this.t = t;
    this.event(t, who, action, state, set.state ?? state, note, data);
    this.snap();
  }
}

// The plan ---------------------------------------------------------------------------------------

type Fate = {
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

type Draft = {
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

function ageOn(birth: string | null, today: string): number {
  if (!birth) return 40;
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** The latest birth date of someone `age` or older on `date`. */
const bornBy = (date: string, age: number) => `${String(Number(date.slice(0, 4)) - age).padStart(4, '0')}${date.slice(4)}`;

/** Residents by birth date, to pick one of an age quickly. */
class People {
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
function pastDays(days: Days, today: string): { working: string[]; off: string[] } {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 6);
  const working: string[] = [];
  const off: string[] = [];
  for (let day = d.toISOString().slice(0, 10); day < today; day = addCalendarDays(day, 1)) (days.working(day) ? working : off).push(day);
  return { working, off };
}

/** Office-hour minute of a request: busiest mid-morning and late afternoon (Xinjiang keeps Beijing time). */
function receiveMinute(rng: Rng): number {
  const hump = rng.weighted([
    [[10 * 60, 13 * 60 + 30], 55],
    [[16 * 60, 19 * 60 + 20], 40],
    [[13 * 60 + 30, 16 * 60], 5],
  ] as const);
  return rng.int(hump[0], hump[1]);
}

function pickItem(rng: Rng, weights: Weights, byCode: Map<string, DemoItem>, online: boolean): DemoItem {
  const usable = weights.filter(([code]) => byCode.has(code) && (!online || byCode.get(code)!.online === 1));
  return byCode.get(rng.weighted(usable))!;
}

function draftCommunity(c: DemoCommunity, days: Days, byCode: Map<string, DemoItem>, nowMs: number): Draft[] {
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
function live(d: Draft, cal: WorkCalendarData, days: Days, nowMs: number, newId: (ms: number) => string, clockRng: Rng): Life {
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

function finish(life: Life): Life {
  life.finish();
  return life;
}

/** The notifications the clock job would have raised over the request's life (once each). */
function notificationsOf(life: Life, days: Days, nowMs: number, warn: number, newId: (ms: number) => string): RequestNotificationsTable[] {
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

// Seeding ----------------------------------------------------------------------------------------

export type ServiceHallCounts = { communities: number; requests: number; events: number; authorizations: number; visits: number; notifications: number };

async function insertAll<T extends keyof DB>(db: Kysely<DB>, table: T, rows: DB[T][], columns: number): Promise<void> {
  // Well under SQLite's 32,766 bound parameters per statement (and PostgreSQL's 65,535).
  const batch = Math.max(1, Math.min(500, Math.floor(16_000 / columns)));
  for (let i = 0; i < rows.length; i += batch)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as never)
      .execute();
}

/** The urban communities of the tree that have residents in the registry, with who acts there. */
export async function loadCommunities(db: Kysely<DB>, tree: SeededTree): Promise<DemoCommunity[]> {
  const users = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const account = (username: string): Who | null => (users.has(username) ? { id: users.get(username)!, name: username } : null);
  const officers: Record<string, Who | null> = { '654203001': account('taoyuan'), '654203002': account('tuanjie') };
  const withId = (w: Who | null): Who | null => (w?.id ? w : null);
  const residents = await db.selectFrom('residents').select(['id', 'name', 'birth_date', 'org_path']).where('status', '=', 'living').orderBy('id').execute();
  const codes = [...tree.byCode.keys()].filter((c) => c.length === 12 && URBAN_TOWNSHIPS.includes(c.slice(0, 9)) && villageKind(c) === 'community').sort();
  const out: DemoCommunity[] = [];
  for (const code of codes) {
    const node = tree.byCode.get(code)!;
    const township = tree.byCode.get(code.slice(0, 9))!;
    const own = residents.filter((r) => r.org_path.startsWith(node.path)).map((r) => ({ id: r.id, name: r.name, birth_date: r.birth_date }));
    if (own.length === 0) continue;
    const officer = officers[code.slice(0, 9)] ?? null;
    const desk = (suffix: string): Who => ({ id: null, name: `${node.name}${suffix}` });
    const window = code === TIANSHAN ? (account('tianshan-window') ?? desk('窗口')) : desk('窗口');
    const leader = code === TIANSHAN ? (account('tianshan') ?? desk('书记')) : code === TIYUCHANG ? (account('tiyuchang') ?? desk('书记')) : desk('书记');
    // The community's own account that may take agency and visit steps, else the 街道's officer.
    const ownAccount = withId(code === TIANSHAN ? account('tianshan-window') : code === TIYUCHANG ? account('tiyuchang') : null) ?? withId(officer);
    // A grid worker may not act on a community's request (its scope is its grid): the window records
    // the outcome of a visit tianshan-grid1 made.
    const grid = code === TIANSHAN ? withId(account('tianshan-grid1')) : null;
    out.push({
      id: node.id,
      code,
      name: node.name,
      path: node.path,
      township: { id: township.id, name: township.name },
      residents: own,
      window,
      leader,
      townshipOfficer: officer ?? { id: null, name: `${township.name}办` },
      visitor: grid ? { assignee: grid, recorder: window } : ownAccount ? { assignee: ownAccount, recorder: ownAccount } : null,
      agencyClerk: ownAccount,
    });
  }
  return out;
}

/**
 * Seeds the service hall's history in the urban communities that have a demo registry (requests
 * need residents), in one transaction. The catalog and the registry must be seeded first.
 */
export async function seedDemoServiceHall(db: Kysely<DB>, crypto: CryptoProvider, tree: SeededTree, now: string): Promise<ServiceHallCounts> {
  const [overrides, years, items] = await Promise.all([
    db.selectFrom('calendar_overrides').select(['date', 'kind']).execute(),
    db.selectFrom('calendar_years').select('year').execute(),
    db
      .selectFrom('service_items')
      .select(['id', 'code', 'name', 'department', 'limit_days', 'response_days', 'agency', 'home_visit', 'online'])
      .where('active', '=', 1)
      .execute(),
  ]);
  // The calendar exactly as ctx.calendar builds it (official data, overrides, confirmed years).
  const cal = buildWorkCalendar(
    overrides.map((o) => ({ date: o.date, kind: o.kind as 'holiday' | 'workday' })),
    years.map((y) => Number(y.year)),
  );
  const communities = await loadCommunities(db, tree);
  const plan = planServiceHall({ cal, items, communities, now, warnWorkingDays: SETTINGS['service.clock'].default.warnWorkingDays });
  const requests: ServiceRequestsTable[] = plan.requests.map(({ contactPhone, ...row }) => ({
    ...row,
    contact_phone_enc: contactPhone ? crypto.encrypt(contactPhone, 'service-request.phone') : null,
    contact_phone_idx: contactPhone ? phoneIndex(crypto, contactPhone) : null,
  }));
  // No audit rows: this is seed data, not steps anyone took in this installation.
  await db.transaction().execute(async (trx) => {
    await insertAll(trx, 'service_requests', requests, 46);
    // The figures' tally of these requests, by the rule every step follows (service-requests.tally.ts).
    await addToDaily(trx, tallyRows(requests).changed());
    await insertAll(trx, 'service_request_events', plan.events, 10);
    await insertAll(trx, 'agency_authorizations', plan.authorizations, 7);
    await insertAll(trx, 'home_visits', plan.visits, 7);
    await insertAll(trx, 'request_notifications', plan.notifications, 6);
    // The day counters continue where the history ends: today's next request gets the next number.
    await insertAll(trx, 'counters', plan.counters, 2);
  });
  return {
    communities: communities.length,
    requests: requests.length,
    events: plan.events.length,
    authorizations: plan.authorizations.length,
    visits: plan.visits.length,
    notifications: plan.notifications.length,
  };
}
