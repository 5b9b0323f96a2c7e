import type { Actor } from '../../platform/auth/actor.ts';
import { can, scopePaths } from '../../platform/policy/policy.ts';
import type { SurveyEntry, SurveyWindow } from './star-survey.repo.ts';

/**
 * Survey work reaches a community from above it (the community leader, the window) or from one of
 * its grids (the grid worker hands out codes to the households of that grid only).
 */
export function reachesCommunity(actor: Actor, communityPath: string): boolean {
  return scopePaths(actor, 'star:survey').some((p) => communityPath.startsWith(p) || p.startsWith(communityPath));
}

/** Household codes may be handed out ahead of the survey and while it runs; not once it has ended. */
export const codesOpen = (w: SurveyWindow) => w.phase === 'before' || w.phase === 'self-assessment' || w.phase === 'resident-survey';

/** What the caller may do with one community's survey. */
export function surveyAbilities(actor: Actor, entry: SurveyEntry, w: SurveyWindow): string[] {
  const out: string[] = [];
  if (can(actor, 'star:read', entry.communityPath)) out.push('read-results');
  if (reachesCommunity(actor, entry.communityPath)) {
    if (codesOpen(w)) out.push('hand-out-code');
    if (w.open) out.push('enter-paper');
  }
  return out;
}
