import type { StarPhase } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';

/** Who does which step of the annual cycle, and when (docs/stars.md "The annual cycle"). */
export type EntryFacts = { community_path: string; state: string };
export type StarFacts = { review_state: string; departmentCode: string };

export const maySelfAssess = (a: Actor, e: EntryFacts) => can(a, 'star:self-assess', e.community_path);
export const mayScore = (a: Actor, e: EntryFacts) => can(a, 'star:score', e.community_path);
export const mayApprove = (a: Actor, e?: EntryFacts) => can(a, 'star:approve', e ? e.community_path : undefined);
export const mayReview = (a: Actor, s: StarFacts, departments: readonly string[]) => can(a, 'star:review') && departments.includes(s.departmentCode);

/** What the caller may do with the entry now (phase and state included), for the buttons. */
export function entryAbilities(a: Actor, e: EntryFacts, phase: StarPhase | 'before', openObjections: number): string[] {
  const out: string[] = [];
  if (phase === 'self-assessment' && e.state === 'drafting' && maySelfAssess(a, e)) out.push('self-assess', 'submit');
  if (phase === 'township-scoring' && e.state === 'submitted' && mayScore(a, e)) out.push('score', 'submit-scores');
  if (phase === 'city-approval' && e.state === 'reviewed' && mayApprove(a, e)) out.push('approve');
  if (phase === 'display' && e.state === 'approved' && openObjections === 0 && mayApprove(a, e)) out.push('display');
  return out;
}

export function starAbilities(a: Actor, e: EntryFacts, s: StarFacts, phase: StarPhase | 'before', departments: readonly string[]): string[] {
  const out: string[] = [];
  if (phase === 'department-review' && e.state === 'scored') {
    if (s.review_state === 'pending' && mayReview(a, s, departments)) out.push('accept', 'return');
    if (s.review_state === 'returned' && mayScore(a, e)) out.push('rescore');
  }
  return out;
}

export function cycleAbilities(a: Actor, phase: StarPhase | 'before'): string[] {
  if (!mayApprove(a)) return [];
  return ['move-phase', 'objections', ...(phase === 'display' ? ['display'] : [])];
}
