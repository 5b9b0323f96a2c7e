/**
 * The seven-step closed loop of digital city management (GB/T 30428): collect → register (立案) or
 * void (作废) → dispatch (派遣) → handle, or return (退回) a case that is not the unit's → feed back
 * (反馈) → verify (核查) and close (结案), or send back for rework (返工) → evaluate (评价).
 * One table, so the server refuses and the web hides the same steps.
 */
export const EVENT_STATES = ['reported', 'registered', 'dispatched', 'returned', 'fed-back', 'closed', 'evaluated', 'voided'] as const;
export type EventState = (typeof EVENT_STATES)[number];

export const EVENT_ACTIONS = ['register', 'void', 'dispatch', 'return', 'feedback', 'verify', 'rework', 'evaluate'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Who takes a step on an event: the command post that registers and dispatches it (the community or township), or the unit it was dispatched to. */
export const EVENT_PARTIES = ['dispatcher', 'handler'] as const;
export type EventParty = (typeof EVENT_PARTIES)[number];

/** In which states each step may be taken, the state it leads to, and which party takes it. */
export const EVENT_TRANSITIONS: Record<EventAction, { from: readonly EventState[]; to: EventState; by: EventParty }> = {
  register: { from: ['reported'], to: 'registered', by: 'dispatcher' },
  void: { from: ['reported', 'returned'], to: 'voided', by: 'dispatcher' },
  // A returned case is dispatched again (to the right unit), its clock started anew.
  dispatch: { from: ['registered', 'returned'], to: 'dispatched', by: 'dispatcher' },
  return: { from: ['dispatched'], to: 'returned', by: 'handler' },
  feedback: { from: ['dispatched'], to: 'fed-back', by: 'handler' },
  verify: { from: ['fed-back'], to: 'closed', by: 'dispatcher' },
  // Rework sends the case back to the same unit; its clock keeps running (no new time).
  rework: { from: ['fed-back'], to: 'dispatched', by: 'dispatcher' },
  evaluate: { from: ['closed'], to: 'evaluated', by: 'dispatcher' },
};

export function canEventTransition(state: EventState, action: EventAction): boolean {
  return EVENT_TRANSITIONS[action].from.includes(state);
}

/** The state after `action`; throws when the state does not allow it (the server checks first and answers 409). */
export function nextEventState(state: EventState, action: EventAction): EventState {
  if (!canEventTransition(state, action)) throw new Error(`event: ${action} not allowed in ${state}`);
  return EVENT_TRANSITIONS[action].to;
}

/** The steps a caller may take: the state allows them and the caller is the party that takes them. */
export function eventActionsFor(state: EventState, parties: readonly EventParty[]): EventAction[] {
  return EVENT_ACTIONS.filter((a) => canEventTransition(state, a) && parties.includes(EVENT_TRANSITIONS[a].by));
}

/** Events still in the loop (neither closed, evaluated nor voided). */
export const OPEN_EVENT_STATES: readonly EventState[] = ['reported', 'registered', 'dispatched', 'returned', 'fed-back'];
export const isOpenEvent = (s: EventState): boolean => OPEN_EVENT_STATES.includes(s);

/** Steps with a time limit, and the clock that runs in each state (fed-back waits on the verifier, whose clock is not limited). */
export const EVENT_CLOCK_STEPS = ['register', 'dispatch', 'handle'] as const;
export type EventClockStep = (typeof EVENT_CLOCK_STEPS)[number];
export function runningStep(state: EventState): EventClockStep | null {
  if (state === 'reported') return 'register';
  if (state === 'registered' || state === 'returned') return 'dispatch';
  if (state === 'dispatched') return 'handle';
  return null;
}

export const EVENT_SOURCES = ['grid-worker', 'resident', 'hotline', 'visit'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The two kinds of the GB/T 30428 code table: components (部件) and events (事件). */
export const EVENT_CATEGORY_KINDS = ['component', 'event'] as const;
export type EventCategoryKind = (typeof EVENT_CATEGORY_KINDS)[number];

export const LIMIT_UNITS = ['working-days', 'working-hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/** The handling units an event may be dispatched to: the kinds of org node. */
export const HANDLER_ORG_KINDS = ['grid', 'community', 'village', 'township', 'city'] as const;

/** How a verified case is rated (评价) by the command post. */
export const EVENT_GRADES = ['good', 'fair', 'poor'] as const;
export type EventGrade = (typeof EVENT_GRADES)[number];
