import { can, type AbilityRules } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';

export type GridRecord = { path: string };

/** Boundaries, type and people of a grid are the community's (or the township's) to manage. */
export const mayManageGrid = (actor: Actor, g: GridRecord) => can(actor, 'grid:manage', g.path);

export const gridAbilities: AbilityRules<GridRecord> = {
  editBoundary: mayManageGrid,
  edit: mayManageGrid,
  managePeople: mayManageGrid,
};

export type GridPersonRecord = { path: string; source: 'assignment' | 'grid' };
/** Grid workers are role assignments (the security administrator's); the others are ended here. */
export const gridPersonAbilities: AbilityRules<GridPersonRecord> = {
  update: (actor, p) => p.source === 'grid' && can(actor, 'grid:manage', p.path),
  delete: (actor, p) => p.source === 'grid' && can(actor, 'grid:manage', p.path),
};
