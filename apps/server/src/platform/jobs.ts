import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';
import type { Clock } from './clock.ts';
import { newId } from './ids.ts';

/**
 * Background jobs that must run once across several server processes: a job takes a lease row
 * in `job_locks` (insert, or take over an expired lease) and only the holder runs it.
 */
export async function tryLease(db: Kysely<DB>, clock: Clock, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const now = clock.now();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const inserted = await db
    .insertInto('job_locks')
    .values({ name, locked_until: until, holder })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  // Take over only a lease that has run out (or renew our own); the WHERE makes it atomic.
  const taken = await db
    .updateTable('job_locks')
    .set({ locked_until: until, holder })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('locked_until', '<', now.toISOString()), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

export type Job = { name: string; everyMs: number; run: () => Promise<void> };
export type JobRunner = { stop(): void; runDue(): Promise<string[]> };

/** Runs each job every `everyMs` in whichever process holds its lease; errors are logged, never thrown. */
export function startJobs(db: Kysely<DB>, clock: Clock, jobs: Job[], log: (msg: string, err?: unknown) => void): JobRunner {
  const holder = newId();
  const runDue = async () => {
    const ran: string[] = [];
    for (const job of jobs) {
      try {
        if (await tryLease(db, clock, job.name, holder, job.everyMs)) {
          await job.run();
          ran.push(job.name);
        }
      } catch (err) {
        log(`job ${job.name} failed`, err);
      }
    }
    return ran;
  };
  const shortest = Math.min(...jobs.map((j) => j.everyMs), 60_000);
  const timer = setInterval(() => void runDue(), shortest);
  timer.unref();
  return { stop: () => clearInterval(timer), runDue };
}
