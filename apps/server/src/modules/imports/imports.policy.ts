import { can, type AbilityRules } from '../../platform/policy/policy.ts';

export type ImportRecord = { created_by: string; org_path: string; status: string; error_count: number };

/**
 * Who may do what with an import. Seeing one (the route's load) is for its importer and anyone
 * holding registry:import at its node; committing is for the importer alone, while they still
 * hold registry:import, once it is checked and clean.
 */
export const importAbilities: AbilityRules<ImportRecord> = {
  commit: (actor, r) => r.created_by === actor.userId && can(actor, 'registry:import') && r.status === 'checked' && Number(r.error_count) === 0,
};
