/**
 * The annual evaluation as a chain of dated phases. Phases follow each other without gaps or
 * overlaps (each starts the day after the one before ends); the public notice lasts a number
 * of working days, so its end comes from the working-day calendar; display has no end.
 */
import { addCalendarDays, isWorkingDay, type WorkCalendarData } from '../calendar/work-calendar.ts';

export const STAR_PHASES = [
  'self-assessment',
  'resident-survey',
  'township-scoring',
  'department-review',
  'city-approval',
  'public-notice',
  'display',
] as const;
export type StarPhase = (typeof STAR_PHASES)[number];

/** One phase's dates (China dates, inclusive). `display` has no end: `endsOn` is null. */
export type PhaseSpan = { phase: StarPhase; startsOn: string; endsOn: string | null };

export type PhaseProblem = { path: string; message: string };

/** The last day of a notice of `workingDays` working days that starts on `startsOn` (counted from the first working day on or after it). */
export function noticeEndsOn(cal: WorkCalendarData, startsOn: string, workingDays: number): string {
  let date = startsOn;
  let counted = isWorkingDay(cal, date) ? 1 : 0;
  while (counted < workingDays) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(cal, date)) counted += 1;
  }
  return date;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Lays out the chain from its first day: each phase's length in calendar days, the notice in working days. */
export function planPhases(
  cal: WorkCalendarData,
  startsOn: string,
  lengths: Record<Exclude<StarPhase, 'public-notice' | 'display'>, number>,
  noticeWorkingDays: number,
): PhaseSpan[] {
  const out: PhaseSpan[] = [];
  let next = startsOn;
  for (const phase of STAR_PHASES) {
    if (phase === 'display') {
      out.push({ phase, startsOn: next, endsOn: null });
      break;
    }
    const endsOn = phase === 'public-notice' ? noticeEndsOn(cal, next, noticeWorkingDays) : addCalendarDays(next, Math.max(1, lengths[phase]) - 1);
    out.push({ phase, startsOn: next, endsOn });
    next = addCalendarDays(endsOn, 1);
  }
  return out;
}

/** Problems with a chain: wrong order, gaps, overlaps, a phase ending before it starts. */
export function phaseChainProblems(chain: readonly PhaseSpan[]): PhaseProblem[] {
  const out: PhaseProblem[] = [];
  if (chain.length !== STAR_PHASES.length || chain.some((p, i) => p.phase !== STAR_PHASES[i])) {
    return [{ path: '/phases', message: `the phases must be ${STAR_PHASES.join(', ')}, in that order` }];
  }
  chain.forEach((p, i) => {
    if (p.phase === 'display' ? p.endsOn !== null : p.endsOn === null)
      out.push({ path: `/phases/${i}/endsOn`, message: p.phase === 'display' ? 'display has no end' : 'the phase needs an end date' });
    if (p.endsOn !== null && p.endsOn < p.startsOn) out.push({ path: `/phases/${i}/endsOn`, message: `${p.phase} ends before it starts` });
    const prev = chain[i - 1];
    if (prev && prev.endsOn !== null && addCalendarDays(prev.endsOn, 1) !== p.startsOn) {
      out.push({ path: `/phases/${i}/startsOn`, message: `${p.phase} must start the day after ${prev.phase} ends` });
    }
  });
  return out;
}

/**
 * Moves one phase to new dates and keeps the chain whole: the phase before it ends the day
 * before, the phases after it keep their lengths (the notice its working days) and follow on.
 * A phase that has already ended by `today` cannot change, nor can the display date be set
 * directly (it follows the notice). Returns the new chain, or the problems.
 */
export function movePhase(
  cal: WorkCalendarData,
  chain: readonly PhaseSpan[],
  phase: StarPhase,
  dates: { startsOn: string; endsOn?: string | null },
  opts: { today: string; noticeWorkingDays: number },
): { chain: PhaseSpan[]; problems: PhaseProblem[] } {
  const i = STAR_PHASES.indexOf(phase);
  if (phase === 'display') return { chain: [...chain], problems: [{ path: '/phase', message: 'display follows the public notice; move the notice instead' }] };
  const next = chain.map((p) => ({ ...p }));
  const target = next[i]!;
  target.startsOn = dates.startsOn;
  target.endsOn = phase === 'public-notice' ? noticeEndsOn(cal, dates.startsOn, opts.noticeWorkingDays) : (dates.endsOn ?? target.endsOn);
  const problems: PhaseProblem[] = [];
  if (target.endsOn !== null && target.endsOn < target.startsOn) problems.push({ path: '/endsOn', message: `${phase} ends before it starts` });
  const prev = next[i - 1];
  if (prev) {
    prev.endsOn = addCalendarDays(target.startsOn, -1);
    if (prev.endsOn < prev.startsOn) problems.push({ path: '/startsOn', message: `${prev.phase} would end before it starts` });
  }
  for (let j = i + 1; j < next.length; j++) {
    const p = next[j]!;
    const start = addCalendarDays(next[j - 1]!.endsOn!, 1);
    const length = p.endsOn === null ? null : daysBetween(chain[j]!.startsOn, chain[j]!.endsOn!);
    p.startsOn = start;
    p.endsOn = p.phase === 'public-notice' ? noticeEndsOn(cal, start, opts.noticeWorkingDays) : length === null ? null : addCalendarDays(start, length);
  }
  chain.forEach((old, j) => {
    const changed = old.startsOn !== next[j]!.startsOn || old.endsOn !== next[j]!.endsOn;
    if (changed && old.endsOn !== null && old.endsOn < opts.today)
      problems.push({ path: `/phases/${j}`, message: `${old.phase} has already ended and cannot move` });
    if (changed && next[j]!.startsOn !== old.startsOn && next[j]!.startsOn < opts.today) {
      problems.push({ path: `/phases/${j}/startsOn`, message: `${old.phase} cannot start in the past` });
    }
  });
  return { chain: next, problems: [...problems, ...phaseChainProblems(next)] };
}

/** The phase a date falls in; `before` ahead of the first phase. */
export function phaseOn(chain: readonly PhaseSpan[], date: string): StarPhase | 'before' {
  for (const p of chain) if (date >= p.startsOn && (p.endsOn === null || date <= p.endsOn)) return p.phase;
  return 'before';
}
