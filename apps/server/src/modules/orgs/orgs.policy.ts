import type { AbilityRules } from '../../platform/policy/policy.ts';
import { can } from '../../platform/policy/policy.ts';

export type OrgRecord = { path: string };

export const orgAbilities: AbilityRules<OrgRecord> = {
  summary: (actor, org) => can(actor, 'org:summary', org.path),
  assign: (actor, org) => can(actor, 'assignment:manage', org.path),
};
