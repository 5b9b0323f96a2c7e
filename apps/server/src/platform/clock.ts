/** Time comes from here so that tests can move it (session expiry, lockout, due dates). */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = new Date(d).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export const iso = (d: Date): string => d.toISOString();
