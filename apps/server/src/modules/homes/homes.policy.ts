import { can, type AbilityRules } from '../../platform/policy/policy.ts';

export type PlaceRecord = { org_path: string };

export const placeAbilities: AbilityRules<PlaceRecord> = {
  update: (actor, p) => can(actor, 'registry:write', p.org_path),
};
