import { can, type AbilityRules } from '../../platform/policy/policy.ts';

export type ResidentRecord = { org_path: string; status: string };

export const residentAbilities: AbilityRules<ResidentRecord> = {
  update: (actor, r) => can(actor, 'registry:write', r.org_path),
  reveal: (actor, r) => can(actor, 'registry:reveal', r.org_path),
  'move-out': (actor, r) => r.status === 'living' && can(actor, 'registry:write', r.org_path),
};
