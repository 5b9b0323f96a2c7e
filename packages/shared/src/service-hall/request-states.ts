/**
 * The life of a service request (办件): received → accepted ⇄ waiting (补正, the clock pauses) →
 * completed → informed → rated → closed; or refused (不予受理); reopened after a dissatisfied
 * rating that review upholds. One table, so the server refuses and the web hides the same steps.
 */
export const REQUEST_STATES = ['received', 'accepted', 'waiting', 'completed', 'informed', 'rated', 'closed', 'refused'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_ACTIONS = [
  'accept',
  'transfer',
  'pause',
  'resume',
  'complete',
  'inform',
  'rate',
  'close',
  'refuse',
  'reopen',
  'trip',
  'authorize-agency',
  'agency-step',
  'schedule-visit',
  'record-visit',
  'follow-up',
  'exclude',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

const OPEN: RequestState[] = ['received', 'accepted', 'waiting'];
const NOT_ENDED: RequestState[] = ['received', 'accepted', 'waiting', 'completed', 'informed', 'rated'];

/** In which states each action may be taken, and the state it leads to (null: the state stays). */
export const TRANSITIONS: Record<RequestAction, { from: readonly RequestState[]; to: RequestState | null }> = {
  accept: { from: ['received'], to: 'accepted' },
  refuse: { from: ['received'], to: 'refused' },
  transfer: { from: OPEN, to: null },
  pause: { from: ['accepted'], to: 'waiting' },
  resume: { from: ['waiting'], to: 'accepted' },
  complete: { from: ['accepted'], to: 'completed' },
  inform: { from: ['completed'], to: 'informed' },
  rate: { from: ['informed', 'rated', 'closed'], to: null },
  close: { from: ['informed', 'rated'], to: 'closed' },
  reopen: { from: ['rated', 'closed'], to: 'accepted' },
  trip: { from: NOT_ENDED, to: null },
  'authorize-agency': { from: OPEN, to: null },
  'agency-step': { from: OPEN, to: null },
  'schedule-visit': { from: OPEN, to: null },
  'record-visit': { from: NOT_ENDED, to: null },
  'follow-up': { from: ['rated', 'closed'], to: null },
  exclude: { from: REQUEST_STATES, to: null },
};

export function canTransition(state: RequestState, action: RequestAction): boolean {
  return TRANSITIONS[action].from.includes(state);
}

/** The state after `action` (assumes canTransition). `rate` moves informed → rated and leaves later states alone. */
export function nextState(state: RequestState, action: RequestAction): RequestState {
  if (action === 'rate') return state === 'informed' ? 'rated' : state;
  return TRANSITIONS[action].to ?? state;
}

export function isOpen(state: RequestState): boolean {
  return OPEN.includes(state);
}

export const CHANNELS = ['window', 'phone', 'online', 'grid-worker', 'hotline-12345', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The national 好差评 scale; the first three count as satisfied. */
export const RATINGS = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const isSatisfied = (r: Rating): boolean => r === 'very-satisfied' || r === 'satisfied' || r === 'basically-satisfied';

export const CLOCK_STATES = ['on-time', 'warning', 'overdue'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];
