import { describe, expect, it } from 'vitest';
import { judge, mixSequence, parseVmRssMb, toWindows, type Sample } from './soak-windows.ts';

const steadySamples = (windows: number, perWindow: number, ms: (w: number) => number, error = () => false): Sample[] =>
  Array.from({ length: windows * perWindow }, (_, i) => {
    const w = Math.floor(i / perWindow);
    return { at: w * 1000 + (i % perWindow) * (1000 / perWindow), ms: ms(w), op: 'x', error: error() };
  });

describe('soak windows', () => {
  it('buckets samples by due time and reads rps per window', () => {
    const windows = toWindows(
      steadySamples(4, 50, (w) => w + 1),
      4,
      1000,
      1,
      [100, 101, 102, 103],
    );
    expect(windows.map((w) => w.requests)).toEqual([50, 50, 50, 50]);
    expect(windows.map((w) => w.rps)).toEqual([50, 50, 50, 50]);
    expect(windows.map((w) => w.p99Ms)).toEqual([1, 2, 3, 4]);
    expect(windows.map((w) => w.warmup)).toEqual([true, false, false, false]);
  });

  it('passes a flat run and fails on errors, p99 growth and RSS growth', () => {
    const flat = toWindows(
      steadySamples(4, 50, () => 10),
      4,
      1000,
      1,
      [200, 200, 205, 210],
    );
    expect(judge(flat)).toMatchObject({ ok: true, errors: 0, p99Ratio: 1 });
    let n = 0;
    const failing = toWindows(
      steadySamples(
        4,
        50,
        () => 10,
        () => ++n === 7,
      ),
      4,
      1000,
      1,
      [200, 200, 200, 200],
    );
    expect(judge(failing).failures).toEqual(['1 requests failed']);
    const slower = toWindows(
      steadySamples(4, 50, (w) => (w === 3 ? 16 : 10)),
      4,
      1000,
      1,
      [200, 200, 200, 200],
    );
    expect(judge(slower).failures[0]).toMatch(/^p99 grew 1\.60×/);
    const leaking = toWindows(
      steadySamples(4, 50, () => 10),
      4,
      1000,
      1,
      [300, 200, 215, 230],
    );
    expect(judge(leaking).failures[0]).toMatch(/^RSS grew 1\.15×/);
  });

  it('judges p99 growth net of a machine that slowed for everyone (the CPU probe), never crediting a faster one', () => {
    const slower = steadySamples(4, 50, (w) => (w === 3 ? 30 : 10));
    const probes = (slowdown: number) => [0, 1, 2, 3].flatMap((w) => [0, 250, 500, 750].map((q) => ({ at: w * 1000 + q, ms: w === 3 ? 2 * slowdown : 2 })));
    // The server 3× slower while the machine is 2.5× slower: 1.2× net, within the limit.
    expect(judge(toWindows(slower, 4, 1000, 1, [200, 200, 200, 200], probes(2.5)))).toMatchObject({ ok: true, machineRatio: 2.5 });
    // The same growth on a steady machine fails.
    expect(judge(toWindows(slower, 4, 1000, 1, [200, 200, 200, 200], probes(1))).failures[0]).toMatch(/^p99 grew 3\.00× net of the machine/);
    // A machine that got faster does not excuse growth.
    expect(judge(toWindows(slower, 4, 1000, 1, [200, 200, 200, 200], probes(0.5))).machineRatio).toBe(1);
  });

  it('lets one stalled quarter pass but not a slower whole window', () => {
    const stall = steadySamples(4, 40, () => 10).map((s) => (s.at >= 3000 && s.at < 3250 ? { ...s, ms: 900 } : s));
    const windows = toWindows(stall, 4, 1000, 1, [200, 200, 200, 200]);
    expect(windows[3]!.p99Ms).toBe(900);
    expect(judge(windows).ok).toBe(true);
  });

  it('refuses a run too short to compare', () => {
    expect(() => toWindows([], 2, 1000, 1, [])).toThrow(RangeError);
  });

  it('interleaves the mix in exact proportions', () => {
    const seq = mixSequence({ a: 4, b: 6, c: 5, d: 2, e: 3 });
    expect(seq).toHaveLength(20);
    const count = (op: string) => seq.filter((s) => s === op).length;
    expect([count('a'), count('b'), count('c'), count('d'), count('e')]).toEqual([4, 6, 5, 2, 3]);
    expect(seq.slice(0, 5)).not.toEqual(['b', 'b', 'b', 'b', 'b']);
  });

  it('reads VmRSS from /proc status text', () => {
    expect(parseVmRssMb('Name:\tnode\nVmRSS:\t  204800 kB\nThreads: 7\n')).toBe(200);
    expect(() => parseVmRssMb('Name: node\n')).toThrow();
  });
});
