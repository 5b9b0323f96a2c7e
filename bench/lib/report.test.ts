import { describe, expect, it } from 'vitest';
import { formatNumber, formatRatioFactor } from './format.ts';
import { ratioCell, renderMarkdown, renderTable } from './report.ts';
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
