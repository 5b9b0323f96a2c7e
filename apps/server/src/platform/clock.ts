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

/**
 * For browser journeys that must see time pass (a notice period ending): real time plus an
 * offset in milliseconds read from a file, re-read at most every 250 ms. Set only by tests
 * (LINGYAN_CLOCK_OFFSET_FILE); a missing or unreadable file means no offset.
 */
export function offsetFileClock(file: string, readOffset: (file: string) => string | null): Clock {
  let offset = 0;
  let checkedAt = 0;
  return {
    now() {
      const t = Date.now();
      if (t - checkedAt > 250) {
        checkedAt = t;
        const text = readOffset(file);
        const n = text === null ? 0 : Number(text.trim());
        offset = Number.isFinite(n) ? n : 0;
      }
      return new Date(t + offset);
    },
  };
}
