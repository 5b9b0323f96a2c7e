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

/** The counts every figure is made from; the server computes them in SQL with the same rules. */
export type FigureCounts = {
  total: number;
  respondedOnTime: number;
  completed: number;
  /** Completed and not rated dissatisfied. */
  resolved: number;
  rated: number;
  satisfied: number;
  completedOnTime: number;
  completedOneTrip: number;
};

export function countFacts(facts: RequestFacts[]): FigureCounts {
  const done = facts.filter((f) => f.completed);
  const rated = facts.filter((f) => f.rating !== null);
  return {
    total: facts.length,
    respondedOnTime: facts.filter((f) => f.respondedOnTime === true).length,
    completed: done.length,
    resolved: done.filter((f) => !f.rating || isSatisfied(f.rating)).length,
    rated: rated.length,
    satisfied: rated.filter((f) => isSatisfied(f.rating!)).length,
    completedOnTime: done.filter((f) => f.completedOnTime === true).length,
    completedOneTrip: done.filter((f) => f.trips <= 1).length,
  };
}

/**
 * The 三率 of 接诉即办 and the hall's own two: response rate (responded within the limit / all),
 * resolution rate (completed and not rated dissatisfied / all), satisfaction rate (satisfied /
 * rated), their weighted score (0–100), on-time rate (completed on time / completed) and the
 * one-trip rate (completed with at most one trip / completed).
 */
export function figuresFromCounts(c: FigureCounts, weights: Weights = DEFAULT_WEIGHTS): Figures {
  const responseRate = ratio(c.respondedOnTime, c.total);
  const resolutionRate = ratio(c.resolved, c.total);
  const satisfactionRate = ratio(c.satisfied, c.rated);
  // A rate with nothing to measure (no ratings yet) leaves the score; the others are reweighted.
  const parts = [
    [weights.response, responseRate],
    [weights.resolution, resolutionRate],
    [weights.satisfaction, satisfactionRate],
  ].filter((p): p is [number, number] => p[1] !== null);
  const weightSum = parts.reduce((a, [w]) => a + w, 0);
  const score = parts.length === 0 || weightSum === 0 ? null : (100 * parts.reduce((a, [w, r]) => a + w * r, 0)) / weightSum;
  return {
    total: c.total,
    responseRate,
    resolutionRate,
    satisfactionRate,
    score,
    onTimeRate: ratio(c.completedOnTime, c.completed),
    oneTripRate: ratio(c.completedOneTrip, c.completed),
    completed: c.completed,
    rated: c.rated,
  };
}

export function computeFigures(facts: RequestFacts[], weights: Weights = DEFAULT_WEIGHTS): Figures {
  return figuresFromCounts(countFacts(facts), weights);
}
