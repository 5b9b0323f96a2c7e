import type { AppContext } from './context.ts';
import type { Job } from './jobs.ts';
import { purgeExpiredSessions } from './auth/sessions.ts';

/** The platform's own background jobs; modules add theirs beside these. */
export function platformJobs(ctx: AppContext): Job[] {
  return [
    {
      name: 'purge-expired-sessions',
      everyMs: 10 * 60_000,
      run: async () => void (await purgeExpiredSessions(ctx.db, ctx.clock.now(), await ctx.settings.get('auth.session'))),
    },
  ];
}
