import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

/** Permissions this migration adds to roles that already exist (a database seeded before it). */
const GRID_PERMISSIONS: Record<string, string[]> = {
  'city-admin': ['grid:read'],
  'township-officer': ['grid:read', 'grid:manage'],
  'community-leader': ['grid:read', 'grid:manage'],
  'window-worker': ['grid:read'],
  'grid-worker': ['grid:read'],
};

// Grid management (网格): each grid org node's type and boundary, the people of a grid who are not
// role assignments (grid head, liaisons, sunk cadres, party members), and its party organisation.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';
  const pathIndex = async (table: string) => {
    if (pg) await sql`create index ${sql.raw(`${table}_org_path_idx`)} on ${sql.table(table)} (org_path text_pattern_ops)`.execute(db);
    else await db.schema.createIndex(`${table}_org_path_idx`).on(table).column('org_path').execute();
  };

  await db.schema
    .createTable('grids')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('basic'))
    // GeoJSON Polygon or MultiPolygon (WGS84) as text, and its bounding box for quick overlap pre-checks.
    .addColumn('boundary', 'text')
    .addColumn('min_lon', 'real')
    .addColumn('min_lat', 'real')
    .addColumn('max_lon', 'real')
    .addColumn('max_lat', 'real')
    .addColumn('boundary_updated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await pathIndex('grids');
  await db.schema.createIndex('grids_community_idx').on('grids').column('community_id').execute();

  await db.schema
    .createTable('grid_people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    // head | liaison | sunk | party-member (grid workers are role assignments at the grid).
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.references('buildings.id'))
    .addColumn('party_role', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await pathIndex('grid_people');
  await db.schema.createIndex('grid_people_grid_idx').on('grid_people').columns(['grid_id', 'role']).execute();
  await db.schema.createIndex('grid_people_user_idx').on('grid_people').column('user_id').execute();

  await db.schema
    .createTable('grid_party_orgs')
    .addColumn('grid_id', 'text', (c) => c.primaryKey().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    // branch (党支部) | group (党小组)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  const roles = await db.selectFrom('roles').select(['code', 'permissions']).execute();
  for (const role of roles as { code: string; permissions: string }[]) {
    const add = GRID_PERMISSIONS[role.code];
    if (!add) continue;
    const have = JSON.parse(role.permissions) as string[];
    const next = [...new Set([...have, ...add])].sort();
    if (next.length !== have.length)
      await db
        .updateTable('roles')
        .set({ permissions: JSON.stringify(next) })
        .where('code', '=', role.code)
        .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
