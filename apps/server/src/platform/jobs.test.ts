import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { tryLease, startJobs } from './jobs.ts';
import type { fixedClock } from './clock.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false, clock: 'fixed' });
});
afterAll(() => t.close());

describe('job leases', () => {
  it('one holder at a time; another takes over only after the lease runs out', async () => {
    const db = t.runtime.ctx.db;
    const clock = t.clock as ReturnType<typeof fixedClock>;
    expect(await tryLease(db, clock, 'purge', 'process-a', 60_000)).toBe(true);
    expect(await tryLease(db, clock, 'purge', 'process-b', 60_000)).toBe(false);
    expect(await tryLease(db, clock, 'purge', 'process-a', 60_000)).toBe(true);
    clock.advance(61_000);
    expect(await tryLease(db, clock, 'purge', 'process-b', 60_000)).toBe(true);
    expect(await tryLease(db, clock, 'purge', 'process-a', 60_000)).toBe(false);
  });

  it('of two runners, only one runs a due job', async () => {
    const db = t.runtime.ctx.db;
    let runs = 0;
    const job = { name: 'count', everyMs: 60_000, run: async () => void runs++ };
    const a = startJobs(db, t.clock, [job], () => undefined);
    const b = startJobs(db, t.clock, [job], () => undefined);
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    a.stop();
    b.stop();
    expect(runs).toBe(1);
    expect([...ra, ...rb]).toEqual(['count']);
  });
});
