import { isSatisfied, type Rating } from './request-states.ts';

/** What the figures need of one request; excluded requests never reach here. */
export type RequestFacts = {
  respondedOnTime: boolean | null;
  completed: boolean;
  completedOnTime: boolean | null;
  rating: Rating | null;
  trips: number;
};

export type Weights = { response: number; resolution: number; satisfaction: number };
export const DEFAULT_WEIGHTS: Weights = { response: 30, resolution: 35, satisfaction: 35 };

export type Figures = {
  total: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  score: number | null;
  onTimeRate: number | null;
  oneTripRate: number | null;
  completed: number;
  rated: number;
};

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/**
 * The 三率 of 接诉即办 and the hall's own two: response rate (responded within the limit / all),
 * resolution rate (completed and not rated dissatisfied / all), satisfaction rate (satisfied /
 * rated), their weighted score (0–100), on-time rate (completed on time / completed) and the
 * one-trip rate (completed with at most one trip / completed).
 */
export function computeFigures(facts: RequestFacts[], weights: Weights = DEFAULT_WEIGHTS): Figures {
  const total = facts.length;
  const responded = facts.filter((f) => f.respondedOnTime === true).length;
  const done = facts.filter((f) => f.completed);
  const resolved = done.filter((f) => !f.rating || isSatisfied(f.rating)).length;
  const rated = facts.filter((f) => f.rating !== null);
  const satisfied = rated.filter((f) => isSatisfied(f.rating!)).length;
  const responseRate = ratio(responded, total);
  const resolutionRate = ratio(resolved, total);
  const satisfactionRate = ratio(satisfied, rated.length);
  // A rate with nothing to measure (no ratings yet) leaves the score; the others are reweighted.
  const parts = [
    [weights.response, responseRate],
    [weights.resolution, resolutionRate],
    [weights.satisfaction, satisfactionRate],
  ].filter((p): p is [number, number] => p[1] !== null);
  const weightSum = parts.reduce((a, [w]) => a + w, 0);
  const score = parts.length === 0 || weightSum === 0 ? null : (100 * parts.reduce((a, [w, r]) => a + w * r, 0)) / weightSum;
  return {
    total,
    responseRate,
    resolutionRate,
    satisfactionRate,
    score,
    onTimeRate: ratio(done.filter((f) => f.completedOnTime === true).length, done.length),
    oneTripRate: ratio(done.filter((f) => f.trips <= 1).length, done.length),
    completed: done.length,
    rated: rated.length,
  };
}
