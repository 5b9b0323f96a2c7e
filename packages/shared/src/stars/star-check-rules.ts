/**
 * Between cycles (docs/stars.md): quarterly checks (一季一核查) are keyed by quarter (`2026-Q3`);
 * the township may check the current quarter or an earlier one of this year or last year, never
 * a future one. Applications for a star (增星) go applied → township check → department review →
 * city approval; a refusal at any step ends them.
 */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export type Quarter = { year: number; q: 1 | 2 | 3 | 4 };

export function parseQuarter(key: string): Quarter | null {
  const m = QUARTER_PATTERN.exec(key);
  if (!m) return null;
  return { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] };
}

export const quarterKey = (q: Quarter): string => `${q.year}-Q${q.q}`;

/** The quarter a date (`YYYY-MM-DD`, China date) falls in. */
export function quarterOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return quarterKey({ year, q: (Math.floor((month - 1) / 3) + 1) as Quarter['q'] });
}

/** First and last day of a quarter. */
export function quarterSpan(key: string): { startsOn: string; endsOn: string } | null {
  const q = parseQuarter(key);
  if (!q) return null;
  const first = (q.q - 1) * 3 + 1;
  const last = first + 2;
  const lastDay = [31, 30, 30, 31][q.q - 1];
  const mm = (n: number) => String(n).padStart(2, '0');
  return { startsOn: `${q.year}-${mm(first)}-01`, endsOn: `${q.year}-${mm(last)}-${lastDay}` };
}

const ordinal = (q: Quarter) => q.year * 4 + (q.q - 1);

/** The quarters that may be checked on `today`, newest first: this quarter back to the first of last year. */
export function checkableQuarters(today: string): string[] {
  const current = parseQuarter(quarterOf(today))!;
  const out: string[] = [];
  for (let n = ordinal(current); n >= (current.year - 1) * 4; n--) out.push(quarterKey({ year: Math.floor(n / 4), q: ((n % 4) + 1) as Quarter['q'] }));
  return out;
}

/** Why a quarter may not be checked on `today` ('malformed' | 'future' | 'too-old'), or null when it may. */
export function quarterProblem(key: string, today: string): 'malformed' | 'future' | 'too-old' | null {
  const q = parseQuarter(key);
  if (!q) return 'malformed';
  const current = parseQuarter(quarterOf(today))!;
  if (ordinal(q) > ordinal(current)) return 'future';
  if (q.year < current.year - 1) return 'too-old';
  return null;
}

export const STAR_CHECK_RESULTS = ['kept', 'failed'] as const;
export type StarCheckResult = (typeof STAR_CHECK_RESULTS)[number];

/**
 * Whether a check's results cover exactly the stars held, once each. Returns the codes held but
 * not checked, and those checked but not held (or checked twice).
 */
export function checkResultsProblems(held: readonly string[], checked: readonly string[]): { missing: string[]; extra: string[] } {
  const heldSet = new Set(held);
  const seen = new Set<string>();
  const extra: string[] = [];
  for (const code of checked) {
    if (!heldSet.has(code) || seen.has(code)) extra.push(code);
    seen.add(code);
  }
  return { missing: held.filter((c) => !seen.has(c)), extra };
}

export const STAR_APPLICATION_STATES = ['applied', 'checked', 'reviewed', 'approved', 'refused'] as const;
export type StarApplicationState = (typeof STAR_APPLICATION_STATES)[number];
/** States in which an application is still under way (one per community and star at a time). */
export const STAR_APPLICATION_OPEN_STATES: readonly StarApplicationState[] = ['applied', 'checked', 'reviewed'];
export const STAR_APPLICATION_STEPS = ['check', 'review', 'approve'] as const;
export type StarApplicationStep = (typeof STAR_APPLICATION_STEPS)[number];

/** The state each step is taken from, and where it leads when it passes. */
const STEP_FROM: Record<StarApplicationStep, { from: StarApplicationState; to: StarApplicationState }> = {
  check: { from: 'applied', to: 'checked' },
  review: { from: 'checked', to: 'reviewed' },
  approve: { from: 'reviewed', to: 'approved' },
};

export function applicationStepAllowed(step: StarApplicationStep, state: StarApplicationState): boolean {
  return STEP_FROM[step].from === state;
}

/** The state after a step: the next one when it passes, `refused` when it does not; null when the state does not allow it. */
export function applicationNextState(step: StarApplicationStep, state: StarApplicationState, passed: boolean): StarApplicationState | null {
  if (!applicationStepAllowed(step, state)) return null;
  return passed ? STEP_FROM[step].to : 'refused';
}

/** The step an application waits for now, or null when it has ended. */
export function applicationPendingStep(state: StarApplicationState): StarApplicationStep | null {
  return STAR_APPLICATION_STEPS.find((s) => STEP_FROM[s].from === state) ?? null;
}

export const STAR_APPLICATION_ACTIONS = [
  'apply',
  'check-passed',
  'check-refused',
  'review-accepted',
  'review-refused',
  'approve-approved',
  'approve-refused',
] as const;
export type StarApplicationAction = (typeof STAR_APPLICATION_ACTIONS)[number];

/** The name of the hand-over row a step writes. */
export function applicationStepAction(step: StarApplicationStep, passed: boolean): StarApplicationAction {
  if (step === 'check') return passed ? 'check-passed' : 'check-refused';
  if (step === 'review') return passed ? 'review-accepted' : 'review-refused';
  return passed ? 'approve-approved' : 'approve-refused';
}
