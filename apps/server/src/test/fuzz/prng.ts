/** A small seeded generator (mulberry32): the same seed replays the same requests. */
export type Rng = {
  seed: number;
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p) => next() < p,
  };
}

/** CI runs this seed, so a run is reproducible; LINGYAN_FUZZ_SEED=random explores a fresh one. */
export const DEFAULT_FUZZ_SEED = 20261126;

/** The seed from LINGYAN_FUZZ_SEED (a number, or `random`), else the default; the caller prints it. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.LINGYAN_FUZZ_SEED;
  if (given === 'random') return Math.floor(Math.random() * 0x100000000) >>> 0;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`LINGYAN_FUZZ_SEED must be an integer 0..4294967295, got ${given}`);
    return n;
  }
  return DEFAULT_FUZZ_SEED;
}
