import { gridTaskStepAllowed, type GridTargetState, type GridTaskState } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';

export type TaskRecord = { sender_org_path: string; state: string };
export type TargetRecord = { grid_path: string; state: string };

/** The sender's side (close, send a report back): grid-task:send at or above the sending node. */
export const isSenderSide = (actor: Actor, task: TaskRecord) => can(actor, 'grid-task:send', task.sender_org_path);
/** A grid's side (report): grid-task:report at that grid. */
export const isGridSide = (actor: Actor, target: TargetRecord) => can(actor, 'grid-task:report', target.grid_path);

export function taskAbilities(actor: Actor, task: TaskRecord): string[] {
  return isSenderSide(actor, task) && gridTaskStepAllowed('close', task.state as GridTaskState, null) ? ['close'] : [];
}

export function targetAbilities(actor: Actor, task: TaskRecord, target: TargetRecord): string[] {
  const out: string[] = [];
  const state = target.state as GridTargetState;
  if (isGridSide(actor, target) && gridTaskStepAllowed('report', task.state as GridTaskState, state)) out.push('report');
  if (isSenderSide(actor, task) && gridTaskStepAllowed('return', task.state as GridTaskState, state)) out.push('return');
  return out;
}
