import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Rng } from './prng.ts';

/** Which table a path segment or a body field's ids come from; unknown names draw from every table. */
const SEGMENT_TABLE: Record<string, string> = {
  orgs: 'org_nodes',
  communities: 'org_nodes',
  users: 'users',
  assignments: 'assignments',
  'api-tokens': 'api_tokens',
  residents: 'residents',
  buildings: 'buildings',
  homes: 'homes',
  households: 'households',
  tenancies: 'tenancies',
  'service-items': 'service_items',
  'service-requests': 'service_requests',
  visits: 'visits',
  grids: 'grids',
  needs: 'needs',
  files: 'files',
  'grid-tasks': 'grid_tasks',
  notices: 'notices',
  'event-categories': 'event_categories',
  events: 'events',
  departments: 'departments',
  'star-cycles': 'star_cycles',
  'star-objections': 'star_objections',
  'star-applications': 'star_applications',
  imports: 'imports',
};
const FIELD_TABLE: Record<string, string> = {
  orgId: 'org_nodes',
  communityId: 'org_nodes',
  parentId: 'org_nodes',
  gridId: 'grids',
  homeId: 'homes',
  buildingId: 'buildings',
  unitId: 'building_units',
  residentId: 'residents',
  householdId: 'households',
  userId: 'users',
  reporterId: 'users',
  itemId: 'service_items',
  categoryId: 'event_categories',
  personId: 'grid_people',
  fileId: 'files',
  cycleId: 'star_cycles',
  departmentId: 'departments',
};

export type IdPool = {
  /** A real id for a path parameter (`segment` is the path part before it) or a body field. */
  real(rng: Rng, hint: { segment?: string; field?: string }): string | null;
};

/**
 * Real ids from the seeded database, so requests reach past "not found" into records that exist
 * but lie outside the caller's scope. The fuzzing accounts' own users and assignments are left
 * out, so a request that happens to succeed cannot disable the accounts doing the fuzzing.
 */
export async function loadIdPool(db: Kysely<DB>, protectedUserIds: string[]): Promise<IdPool> {
  const tables = await db.introspection.getTables();
  const byTable = new Map<string, string[]>();
  for (const t of tables) {
    if (!t.columns.some((c) => c.name === 'id') || t.name === 'sessions') continue;
    const rows = await sql<{ id: unknown }>`select id from ${sql.table(t.name)} order by id limit 400`.execute(db);
    let ids = rows.rows.map((r) => String(r.id));
    if (t.name === 'users') ids = ids.filter((id) => !protectedUserIds.includes(id));
    if (t.name === 'assignments') {
      const mine = await db.selectFrom('assignments').select('id').where('user_id', 'in', protectedUserIds).execute();
      const skip = new Set(mine.map((r) => r.id));
      ids = ids.filter((id) => !skip.has(id));
    }
    if (ids.length) byTable.set(t.name, ids);
  }
  const all = [...byTable.values()].flat();
  return {
    real(rng, hint) {
      const table = (hint.field && FIELD_TABLE[hint.field]) || (hint.segment && SEGMENT_TABLE[hint.segment]) || null;
      const ids = (table && byTable.get(table)) || all;
      return ids.length ? rng.pick(ids) : null;
    },
  };
}
