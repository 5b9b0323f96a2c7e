import { describe, expect, it } from 'vitest';
import { formatNumber, formatRatioFactor } from './format.ts';
import { ratioCell, renderMarkdown, renderMisses, renderTable } from './report.ts';
import type { Report, Row } from './types.ts';

const row = (overrides: Partial<Row>): Row => ({
  workload: 'w',
  figure: 'rps',
  value: 1234.5,
  ratio: null,
  target: null,
  verdict: null,
  ...overrides,
});

describe('formatNumber', () => {
  it('shows readable magnitudes', () => {
    expect(formatNumber(215_432.7)).toBe('215,433');
    expect(formatNumber(412.4)).toBe('412');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(1.274)).toBe('1.27');
    expect(formatNumber(0)).toBe('0.00');
    expect(formatNumber(0.0432)).toBe('0.043');
    expect(formatRatioFactor(0.123456)).toBe('0.123×');
  });
});

describe('renderTable', () => {
  it('renders an aligned markdown table with placeholders', () => {
    const table = renderTable([
      row({
        ratio: { value: 0.2, baseline: 'http-hello', figure: 'rps' },
        target: 'rps ≥ 0.1× http-hello rps',
        verdict: 'met',
      }),
      row({ figure: 'p99Ms', value: null }),
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^\| workload \| figure \| value +\| baseline ratio +\| target +\| verdict \|$/);
    expect(lines[1]).toMatch(/^\|[-|]+\|$/);
    expect(lines[2]).toContain('| 1,235 | 0.2× http-hello');
    expect(lines[2]).toContain('| met     |');
    expect(lines[3]).toMatch(/\| p99Ms +\| — +\| — +\| — +\| — +\|$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('names a differing baseline figure, shows baselines as such, escapes pipes', () => {
    expect(ratioCell(row({ figure: 'latencyMs', ratio: { value: 2, baseline: 'b', figure: 'p99Ms' } }))).toBe('2× b p99Ms');
    expect(ratioCell(row({ workload: 'b', ratio: { value: 1, baseline: 'b', figure: 'rps' } }))).toBe('baseline');
    expect(renderTable([row({ target: 'a|b' })])).toContain('a\\|b');
  });
});

describe('renderMarkdown', () => {
  const report: Report = {
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:10.000Z',
    quick: true,
    seconds: 1,
    machine: {
      node: 'v20.0.0',
      cpu: 'Test CPU',
      cores: 2,
      platform: 'linux',
      totalMemMb: 4096,
      loadAvg1m: 0.5,
      date: '2025-01-01T00:00:00.000Z',
    },
    results: [
      {
        name: 'w',
        description: 'does things',
        isBaseline: false,
        targets: [],
        figures: {},
        elapsedMs: 1,
        error: 'Error: boom\n  at x',
      },
    ],
    rows: [row({})],
    engines: ['sqlite', 'postgres'],
    postgresGaps: [{ name: 'v', why: 'generated straight into SQLite' }],
    whyMissed: {},
  };

  it('includes machine facts, the shared-machine note, the table and crashes', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('- Node: v20.0.0');
    expect(md).toContain('Test CPU × 2 cores');
    expect(md).toContain('- Date: 2025-01-01T00:00:00.000Z');
    expect(md).toContain('ratios against baselines measured in the\nsame run');
    expect(md).toContain('--quick');
    expect(md).toContain(renderTable(report.rows));
    expect(md).toContain('- `w`: Error: boom\n');
  });
});

describe('renderMisses', () => {
  const base = (rows: Row[], targets: Report['results'][number]['targets']): Report => ({
    startedAt: '',
    finishedAt: '',
    quick: false,
    seconds: 5,
    machine: { node: '', cpu: '', cores: 2, platform: '', totalMemMb: 1, loadAvg1m: 0, date: '' },
    results: [{ name: 'w [postgres]', description: '', isBaseline: false, targets, figures: {}, elapsedMs: 1 }],
    rows,
    engines: ['postgres'],
    postgresGaps: [],
    whyMissed: { 'w [postgres]': { p99Ms: 'the jobs stall the single connection.' } },
  });

  it('says by how much each missed target is missed and why', () => {
    const report = base(
      [
        row({ workload: 'w [postgres]', figure: 'p99Ms', value: 120, verdict: 'missed' }),
        row({ workload: 'w [postgres]', figure: 'rps', value: 100, ratio: { value: 0.02, baseline: 'http-hello', figure: 'rps' }, verdict: 'missed' }),
      ],
      [
        { figure: 'p99Ms', op: '<', value: 30 },
        { figure: 'rps', op: '>=', value: 0.1, of: 'http-hello' },
      ],
    );
    const md = renderMisses(report);
    expect(md).toContain('`w [postgres]` p99Ms = 120 against p99Ms < 30: 4× over the target. Why: the jobs stall the single connection.');
    expect(md).toContain('rps = 0.02× http-hello against rps ≥ 0.1× http-hello rps: 5× short of the target. Why: not explained yet.');
  });

  it('is empty when nothing is missed', () => {
    expect(renderMisses(base([row({ verdict: 'met' })], []))).toBe('');
  });
});
