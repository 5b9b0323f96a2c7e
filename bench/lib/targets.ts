// Pure target evaluation: turns a workload's figures plus same-run baselines into table rows.
import type { Figures, Op, RatioTarget, Row, Target, Verdict, WorkloadResult } from './types.ts';
import { formatRatioFactor } from './format.ts';

const OP_TEXT: Record<Op, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

export function isRatioTarget(target: Target): target is RatioTarget {
  return 'of' in target && typeof target.of === 'string';
}

export function normalizeTargets(target: Target | readonly Target[] | undefined): Target[] {
  if (target === undefined) return [];
  return Array.isArray(target) ? [...(target as readonly Target[])] : [target as Target];
}

export function compare(actual: number, op: Op, bound: number): boolean {
  switch (op) {
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
  }
}

export function describeTarget(target: Target): string {
  const op = OP_TEXT[target.op];
  if (!isRatioTarget(target)) return `${target.figure} ${op} ${target.value}`;
  const ofFigure = target.ofFigure ?? target.figure;
  return `${target.figure} ${op} ${formatRatioFactor(target.value)} ${target.of} ${ofFigure}`;
}

export interface TargetOutcome {
  verdict: Verdict;
  /** figure / baseline figure, for ratio targets that could be computed. */
  ratio: number | null;
}

/** Verdict is n/a (not missed) when the inputs are absent: a crash is reported separately. */
export function evaluateTarget(target: Target, figures: Figures, baselines: ReadonlyMap<string, Figures>): TargetOutcome {
  const actual = figures[target.figure];
  if (actual === undefined || !Number.isFinite(actual)) return { verdict: 'n/a', ratio: null };
  if (!isRatioTarget(target)) {
    return { verdict: compare(actual, target.op, target.value) ? 'met' : 'missed', ratio: null };
  }
  const reference = baselines.get(target.of)?.[target.ofFigure ?? target.figure];
  if (reference === undefined || !Number.isFinite(reference) || reference === 0) {
    return { verdict: 'n/a', ratio: null };
  }
  const ratio = actual / reference;
  return { verdict: compare(ratio, target.op, target.value) ? 'met' : 'missed', ratio };
}

/** All met → met; any missed → missed; otherwise n/a. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict | null {
  if (verdicts.length === 0) return null;
  if (verdicts.includes('missed')) return 'missed';
  return verdicts.every((v) => v === 'met') ? 'met' : 'n/a';
}

/** One row per figure (in the order returned), plus rows for targets naming absent figures. */
export function buildRows(result: WorkloadResult, baselines: ReadonlyMap<string, Figures>): Row[] {
  const rows: Row[] = [];
  const figureNames = Object.keys(result.figures);
  const targeted = result.targets.map((t) => t.figure).filter((f) => !figureNames.includes(f));
  for (const figure of [...figureNames, ...new Set(targeted)]) {
    const value = result.figures[figure] ?? null;
    const targets = result.targets.filter((t) => t.figure === figure);
    const outcomes = targets.map((t) => evaluateTarget(t, result.figures, baselines));
    rows.push({
      workload: result.name,
      figure,
      value,
      ratio: rowRatio(result, figure, value, targets, outcomes, baselines),
      target: targets.length > 0 ? targets.map(describeTarget).join('; ') : null,
      verdict: combineVerdicts(outcomes.map((o) => o.verdict)),
    });
  }
  if (result.error !== undefined && rows.length === 0) {
    rows.push({
      workload: result.name,
      figure: '(crashed)',
      value: null,
      ratio: null,
      target: null,
      verdict: null,
    });
  }
  return rows;
}

// A ratio target's own baseline wins; else the workload's declared baseline; baselines show 1×.
function rowRatio(
  result: WorkloadResult,
  figure: string,
  value: number | null,
  targets: readonly Target[],
  outcomes: readonly TargetOutcome[],
  baselines: ReadonlyMap<string, Figures>,
): Row['ratio'] {
  if (value === null) return null;
  const index = targets.findIndex(isRatioTarget);
  const ratioTarget = targets[index];
  if (ratioTarget !== undefined && isRatioTarget(ratioTarget)) {
    const computed = outcomes[index]?.ratio ?? null;
    const ofFigure = ratioTarget.ofFigure ?? ratioTarget.figure;
    return computed === null ? null : { value: computed, baseline: ratioTarget.of, figure: ofFigure };
  }
  if (result.isBaseline) return { value: 1, baseline: result.name, figure };
  if (result.baseline === undefined) return null;
  const reference = baselines.get(result.baseline)?.[figure];
  if (reference === undefined || reference === 0) return null;
  return { value: value / reference, baseline: result.baseline, figure };
}
