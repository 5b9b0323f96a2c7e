import { applicationStepAllowed, type StarApplicationState, type StarApplicationStep } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';

/** Communities and villages are the units that hold stars. */
export const STAR_HOLDER_KINDS = ['community', 'village'];

export type CommunityRecord = { path: string; held: number; checked: boolean; quarterCheckable: boolean };

/** The township checks and removes: star:check at or above the community. */
export const isChecker = (actor: Actor, path: string) => can(actor, 'star:check', path);

export function communityAbilities(actor: Actor, c: CommunityRecord): string[] {
  const out: string[] = [];
  if (isChecker(actor, c.path) && c.quarterCheckable && !c.checked) out.push('check');
  if (isChecker(actor, c.path) && c.held > 0) out.push('remove');
  if (can(actor, 'star:self-assess', c.path)) out.push('apply');
  return out;
}

export type ApplicationRecord = { community_path: string; star_code: string; state: string };
/** What a caller's step depends on besides the record: the departments they review for, and each star's department. */
export type ReviewContext = { departmentCodes: readonly string[]; departmentOf: (starCode: string) => string | null };

/** Whether the caller takes this step at all (403 otherwise); the state decides separately whether it is due (409). */
export function mayTakeStep(actor: Actor, step: StarApplicationStep, app: ApplicationRecord, review: ReviewContext): boolean {
  if (step === 'check') return isChecker(actor, app.community_path);
  if (step === 'approve') return can(actor, 'star:approve', app.community_path);
  const department = review.departmentOf(app.star_code);
  return can(actor, 'star:review', app.community_path) && department !== null && review.departmentCodes.includes(department);
}

export function applicationAbilities(actor: Actor, app: ApplicationRecord, review: ReviewContext): string[] {
  return (['check', 'review', 'approve'] as const).filter(
    (step) => applicationStepAllowed(step, app.state as StarApplicationState) && mayTakeStep(actor, step, app, review),
  );
}
