import { phaseOn } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { displayEntries } from './star-cycles.notice.ts';

const SYSTEM = { actorId: null, actorName: 'system', requestId: null, ip: null };

/** Displays the approved entries of every cycle in its display phase (those with open objections wait for their answer). */
export async function displayDueCycles(ctx: AppContext): Promise<number> {
  const today = chinaDate(ctx.clock.now());
  const cycles = await ctx.db.selectFrom('star_cycles').select(['id', 'phases']).execute();
  let displayed = 0;
  for (const c of cycles) {
    if (phaseOn(JSON.parse(c.phases), today) !== 'display') continue;
    const pending = await ctx.db
      .selectFrom('star_entries')
      .select('id')
      .where('cycle_id', '=', c.id)
      .where('state', '=', 'approved')
      .limit(1)
      .executeTakeFirst();
    if (pending) displayed += (await displayEntries(ctx, SYSTEM, null, c.id)).displayed;
  }
  return displayed;
}

export function starCycleJobs(ctx: AppContext): Job[] {
  return [{ name: 'star-cycle-display', everyMs: 15 * 60_000, run: async () => void (await displayDueCycles(ctx)) }];
}
