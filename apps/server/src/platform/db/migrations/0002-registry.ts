import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

// The registry of people and places (人房户): buildings, units, homes and places, households,
// residents with encrypted personal fields, tags, change history, tenancies, imports.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';
  const pathIndex = async (table: string) => {
    if (pg) await sql`create index ${sql.raw(`${table}_org_path_idx`)} on ${sql.table(table)} (org_path text_pattern_ops)`.execute(db);
    else await db.schema.createIndex(`${table}_org_path_idx`).on(table).column('org_path').execute();
  };

  await db.schema
    .createTable('buildings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('floors', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('buildings');
  await db.schema.createIndex('buildings_grid_name_idx').on('buildings').columns(['grid_id', 'name']).unique().execute();

  await db.schema
    .createTable('building_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('building_id', 'text', (c) => c.notNull().references('buildings.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('building_units_building_name_idx').on('building_units').columns(['building_id', 'name']).unique().execute();

  await db.schema
    .createTable('homes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.references('buildings.id'))
    .addColumn('unit_id', 'text', (c) => c.references('building_units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('room_no', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('area_m2', 'real')
    .addColumn('use', 'text', (c) => c.notNull())
    .addColumn('ownership', 'text', (c) => c.notNull())
    .addColumn('is_rented', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('homes');
  await db.schema.createIndex('homes_building_idx').on('homes').columns(['building_id', 'unit_id', 'room_no']).execute();
  await db.schema.createIndex('homes_rented_idx').on('homes').columns(['is_rented', 'org_path']).execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home_id', 'text', (c) => c.notNull().references('homes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('head_resident_id', 'text')
    .addColumn('registration_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('households');
  await db.schema.createIndex('households_home_idx').on('households').column('home_id').execute();

  await db.schema
    .createTable('residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('home_id', 'text', (c) => c.references('homes.id'))
    .addColumn('household_id', 'text', (c) => c.references('households.id'))
    .addColumn('relation', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_idx', 'text')
    .addColumn('id_number_masked', 'text')
    .addColumn('id_last4', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_idx', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('ethnicity_enc', 'text')
    .addColumn('religion_enc', 'text')
    .addColumn('political_status', 'text')
    .addColumn('education', 'text')
    .addColumn('occupation', 'text')
    .addColumn('employer', 'text')
    .addColumn('registration_type', 'text', (c) => c.notNull())
    .addColumn('residence_permit_no', 'text')
    .addColumn('residence_permit_expires', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('moved_in_at', 'text')
    .addColumn('import_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('residents');
  // One person, one record: the blind index of the ID number is unique where present.
  await db.schema
    .createIndex('residents_id_number_idx')
    .on('residents')
    .column('id_number_idx')
    .unique()
    .where(sql.ref('id_number_idx'), 'is not', null)
    .execute();
  await db.schema.createIndex('residents_phone_idx').on('residents').column('phone_idx').execute();
  await db.schema.createIndex('residents_last4_idx').on('residents').column('id_last4').execute();
  if (pg) {
    await sql`create index residents_initials_idx on residents (name_initials text_pattern_ops)`.execute(db);
    await sql`create index residents_pinyin_idx on residents (name_pinyin text_pattern_ops)`.execute(db);
    await sql`create index residents_name_idx on residents (name text_pattern_ops)`.execute(db);
  } else {
    await db.schema.createIndex('residents_initials_idx').on('residents').column('name_initials').execute();
    await db.schema.createIndex('residents_pinyin_idx').on('residents').column('name_pinyin').execute();
    await db.schema.createIndex('residents_name_idx').on('residents').column('name').execute();
  }
  await db.schema.createIndex('residents_home_idx').on('residents').column('home_id').execute();
  await db.schema.createIndex('residents_household_idx').on('residents').column('household_id').execute();
  await db.schema.createIndex('residents_permit_idx').on('residents').columns(['residence_permit_expires']).execute();

  await db.schema
    .createTable('tag_definitions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('resident_tags')
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('tag', 'text', (c) => c.notNull().references('tag_definitions.code'))
    .addPrimaryKeyConstraint('resident_tags_pk', ['resident_id', 'tag'])
    .execute();
  await db.schema.createIndex('resident_tags_tag_idx').on('resident_tags').columns(['tag', 'resident_id']).execute();

  await db.schema
    .createTable('resident_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('resident_history_resident_idx').on('resident_history').columns(['resident_id', 'at']).execute();

  await db.schema
    .createTable('tenancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home_id', 'text', (c) => c.notNull().references('homes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('landlord_id', 'text', (c) => c.references('residents.id'))
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('contract_no', 'text')
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('registration_delay_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('tenancies');
  await db.schema.createIndex('tenancies_home_idx').on('tenancies').columns(['home_id', 'end_date']).execute();
  await db.schema.createIndex('tenancies_tenant_idx').on('tenancies').column('tenant_id').execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checked_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text')
    .addColumn('committed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finished_at', 'text')
    .addColumn('failure', 'text')
    .execute();
  await db.schema.createIndex('imports_created_by_idx').on('imports').columns(['created_by', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
