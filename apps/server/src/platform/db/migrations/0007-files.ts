import type { Kysely } from 'kysely';

/**
 * Uploaded files (photos, PDF documents). The bytes live under the data folder by a random
 * storage name; a row is attached at most once, to one record (type, id) with that record's org
 * path, which decides who may download it. Until attached, only the uploader sees it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('storage_name', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text')
    .addColumn('record_id', 'text')
    .addColumn('record_org_path', 'text')
    .execute();
  await db.schema.createIndex('files_record_idx').on('files').columns(['record_type', 'record_id']).execute();
  await db.schema.createIndex('files_uploader_idx').on('files').columns(['uploaded_by', 'uploaded_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
