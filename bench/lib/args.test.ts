import { describe, expect, it } from 'vitest';
import { parseCliArgs, resolveSeconds, selectWorkloads } from './args.ts';
import type { Workload } from './types.ts';

const workload = (name: string): Workload => ({ name, description: name, run: async () => ({}) });
const baselines = [workload('http-hello'), workload('sqlite-insert')];
const registry = [workload('a'), workload('b'), workload('c')];
const names = (list: readonly Workload[]): string[] => list.map((w) => w.name);

describe('parseCliArgs', () => {
  it('defaults to a full run of everything', () => {
    expect(parseCliArgs([])).toEqual({ quick: false, only: null, help: false, engines: ['sqlite', 'postgres'] });
  });

  it('reads --quick and comma-separated or repeated --only', () => {
    expect(parseCliArgs(['--quick', '--only', 'a, b', '--only=c'])).toEqual({
      quick: true,
      only: ['a', 'b', 'c'],
      help: false,
      engines: ['sqlite', 'postgres'],
    });
  });

  it('reads --engine and refuses an unknown one', () => {
    expect(parseCliArgs(['--engine', 'postgres']).engines).toEqual(['postgres']);
    expect(parseCliArgs(['--engine=sqlite']).engines).toEqual(['sqlite']);
    expect(() => parseCliArgs(['--engine', 'mysql'])).toThrow(/--engine must be/);
  });

  it('rejects unknown flags', () => {
    expect(() => parseCliArgs(['--fast'])).toThrow();
  });
});

describe('resolveSeconds', () => {
  it('uses the env override, else 5 s (1 s quick)', () => {
    expect(resolveSeconds(undefined, false)).toBe(5);
    expect(resolveSeconds(undefined, true)).toBe(1);
    expect(resolveSeconds('12', true)).toBe(12);
    expect(() => resolveSeconds('0.5', false)).toThrow(/LINGYAN_BENCH_SECONDS/);
  });
});

describe('selectWorkloads', () => {
  it('always runs baselines first, then the registry in order', () => {
    expect(names(selectWorkloads(baselines, registry, null))).toEqual(['http-hello', 'sqlite-insert', 'a', 'b', 'c']);
    expect(names(selectWorkloads(baselines, registry, ['c', 'a']))).toEqual(['http-hello', 'sqlite-insert', 'a', 'c']);
    expect(names(selectWorkloads(baselines, registry, ['http-hello']))).toEqual(['http-hello', 'sqlite-insert']);
  });

  it('refuses unknown or duplicate names', () => {
    expect(() => selectWorkloads(baselines, registry, ['nope'])).toThrow(/unknown workload\(s\): nope/);
    expect(() => selectWorkloads(baselines, [workload('a'), workload('a')], null)).toThrow(/duplicate/);
  });
});
