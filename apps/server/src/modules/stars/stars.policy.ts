import type { Actor } from '../../platform/auth/actor.ts';
import { can, type AbilityRules } from '../../platform/policy/policy.ts';

/** A community (or village) as its star page sees it: its org path decides. */
export type StarCommunity = { path: string };

/** What the caller may do about a community's stars (buttons on its page). */
export const COMMUNITY_STAR_RULES: AbilityRules<StarCommunity> = {
  certificate: (a, c) => can(a, 'star:read', c.path),
  apply: (a, c) => can(a, 'star:self-assess', c.path),
  check: (a, c) => can(a, 'star:check', c.path),
};

/** A year's catalog: edited by the city (star:catalog) until a cycle locks it. */
export const CATALOG_RULES: AbilityRules<{ locked: boolean }> = {
  edit: (a, c) => can(a, 'star:catalog') && !c.locked,
};

/** The lists of catalogs, departments and the rules: `create`/`edit` for the city's catalog keepers. */
export const catalogKeeperAbilities = (actor: Actor): string[] => (can(actor, 'star:catalog') ? ['create', 'edit'] : []);
