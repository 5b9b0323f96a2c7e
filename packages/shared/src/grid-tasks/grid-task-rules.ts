/**
 * Tasks sent down to grids (任务下沉) and emergency notices: the states and the steps each allows.
 * A task is open until its sender closes it; each grid's part of it is pending until the grid
 * reports it done, and the sender may send a report back (pending again) while the task is open.
 */
export const GRID_TASK_STATES = ['open', 'closed'] as const;
export type GridTaskState = (typeof GRID_TASK_STATES)[number];
export const GRID_TARGET_STATES = ['pending', 'done'] as const;
export type GridTargetState = (typeof GRID_TARGET_STATES)[number];
export const GRID_TASK_STEPS = ['report', 'return', 'close'] as const;
export type GridTaskStep = (typeof GRID_TASK_STEPS)[number];

/** Whether the state allows the step (who may take it is the server's policy). */
export function gridTaskStepAllowed(step: GridTaskStep, task: GridTaskState, target: GridTargetState | null): boolean {
  if (task !== 'open') return false;
  switch (step) {
    case 'report':
      return target === 'pending';
    case 'return':
      return target === 'done';
    case 'close':
      return true;
  }
}

export type GridTaskProgress = { total: number; done: number; overdue: number; percent: number };

/** Progress of a task over its grids: done, and still pending after the due date (overdue). */
export function gridTaskProgress(targets: readonly { state: GridTargetState | string }[], dueDate: string, today: string): GridTaskProgress {
  const total = targets.length;
  const done = targets.filter((t) => t.state === 'done').length;
  const overdue = today > dueDate ? total - done : 0;
  return { total, done, overdue, percent: total === 0 ? 0 : Math.round((done * 100) / total) };
}
