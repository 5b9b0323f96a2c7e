import { describe, expect, it } from 'vitest';
import { buildRows, combineVerdicts, compare, describeTarget, evaluateTarget, normalizeTargets } from './targets.ts';
import type { Figures, WorkloadResult } from './types.ts';

const baselines = new Map<string, Figures>([['http-hello', { rps: 20_000, p99Ms: 4 }]]);

function result(overrides: Partial<WorkloadResult>): WorkloadResult {
  return {
    name: 'w',
    description: '',
    isBaseline: false,
    targets: [],
    figures: {},
    elapsedMs: 1,
    ...overrides,
  };
}

describe('compare', () => {
  it('honours strictness at the bound', () => {
    expect(compare(30, '<', 30)).toBe(false);
    expect(compare(30, '<=', 30)).toBe(true);
    expect(compare(30, '>', 30)).toBe(false);
    expect(compare(30, '>=', 30)).toBe(true);
  });
});

describe('evaluateTarget', () => {
  it('checks an absolute bound on the figure itself', () => {
    expect(evaluateTarget({ figure: 'p99Ms', op: '<', value: 30 }, { p99Ms: 12 }, baselines)).toEqual({ verdict: 'met', ratio: null });
    expect(evaluateTarget({ figure: 'p99Ms', op: '<', value: 30 }, { p99Ms: 31 }, baselines).verdict).toBe('missed');
  });

  it('checks a ratio against the same-named baseline figure', () => {
    const target = { figure: 'rps', op: '>=', value: 0.1, of: 'http-hello' } as const;
    expect(evaluateTarget(target, { rps: 3_000 }, baselines)).toEqual({
      verdict: 'met',
      ratio: 0.15,
    });
    expect(evaluateTarget(target, { rps: 1_000 }, baselines)).toEqual({
      verdict: 'missed',
      ratio: 0.05,
    });
  });

  it('can divide by a differently named baseline figure', () => {
    const target = {
      figure: 'latencyMs',
      op: '<=',
      value: 3,
      of: 'http-hello',
      ofFigure: 'p99Ms',
    } as const;
    expect(evaluateTarget(target, { latencyMs: 10 }, baselines)).toEqual({
      verdict: 'met',
      ratio: 2.5,
    });
  });

  it('is n/a when the figure, the baseline or a non-zero reference is missing', () => {
    expect(evaluateTarget({ figure: 'rps', op: '>', value: 1 }, {}, baselines).verdict).toBe('n/a');
    expect(evaluateTarget({ figure: 'rps', op: '>', value: 1, of: 'nope' }, { rps: 5 }, baselines).verdict).toBe('n/a');
    const zero = new Map([['b', { rps: 0 }]]);
    expect(evaluateTarget({ figure: 'rps', op: '>', value: 1, of: 'b' }, { rps: 5 }, zero).verdict).toBe('n/a');
  });
});

describe('describeTarget / normalizeTargets / combineVerdicts', () => {
  it('renders targets as readable text', () => {
    expect(describeTarget({ figure: 'p99Ms', op: '<', value: 30 })).toBe('p99Ms < 30');
    expect(describeTarget({ figure: 'rps', op: '>=', value: 0.1, of: 'http-hello' })).toBe('rps ≥ 0.1× http-hello rps');
  });

  it('accepts none, one or many targets', () => {
    expect(normalizeTargets(undefined)).toEqual([]);
    expect(normalizeTargets({ figure: 'a', op: '<', value: 1 })).toHaveLength(1);
    expect(
      normalizeTargets([
        { figure: 'a', op: '<', value: 1 },
        { figure: 'b', op: '<', value: 1 },
      ]),
    ).toHaveLength(2);
  });

  it('needs every target met', () => {
    expect(combineVerdicts([])).toBeNull();
    expect(combineVerdicts(['met', 'met'])).toBe('met');
    expect(combineVerdicts(['met', 'n/a'])).toBe('n/a');
    expect(combineVerdicts(['n/a', 'missed'])).toBe('missed');
  });
});

describe('buildRows', () => {
  it('gives each figure a row with ratio, target and verdict', () => {
    const rows = buildRows(
      result({
        baseline: 'http-hello',
        targets: [
          { figure: 'rps', op: '>=', value: 0.1, of: 'http-hello' },
          { figure: 'p99Ms', op: '<', value: 30 },
        ],
        figures: { rps: 4_000, p99Ms: 40, requests: 9 },
      }),
      baselines,
    );
    expect(rows.map((r) => [r.figure, r.ratio?.value ?? null, r.target, r.verdict])).toEqual([
      ['rps', 0.2, 'rps ≥ 0.1× http-hello rps', 'met'],
      ['p99Ms', 10, 'p99Ms < 30', 'missed'],
      ['requests', null, null, null],
    ]);
  });

  it('marks baselines as their own reference', () => {
    const [row] = buildRows(result({ name: 'http-hello', isBaseline: true, figures: { rps: 1 } }), baselines);
    expect(row?.ratio).toEqual({ value: 1, baseline: 'http-hello', figure: 'rps' });
  });

  it('keeps targets visible when a workload crashed', () => {
    const rows = buildRows(result({ error: 'boom', targets: [{ figure: 'rps', op: '>', value: 1 }] }), baselines);
    expect(rows).toEqual([{ workload: 'w', figure: 'rps', value: null, ratio: null, target: 'rps > 1', verdict: 'n/a' }]);
    expect(buildRows(result({ error: 'boom' }), baselines)[0]?.figure).toBe('(crashed)');
  });
});
