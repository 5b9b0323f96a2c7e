import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, migrateToLatest, type Database } from './db/database.ts';
import { loadMasterKey } from './crypto/keys.ts';
import { createNodeCryptoProvider } from './crypto/node-provider.ts';
import { createSettings } from './settings.ts';
import { createCalendarSource } from './calendar.ts';
import { createSmsSender } from './sms/sms.ts';
import { createAuditWriter } from './audit/audit.ts';
import { systemClock, type Clock } from './clock.ts';
import { ensureRoles } from '../seed/roles.ts';
import { ensureTags } from '../seed/tags.ts';

export type Runtime = { ctx: AppContext; database: Database; migrated: string[]; close(): Promise<void> };

/** Opens the database, brings it to the latest schema and assembles what the modules share. */
export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'lingyan.sqlite') });
  try {
    const migrated = await migrateToLatest(database.db);
    await ensureRoles(database.db, clock.now().toISOString());
    await ensureTags(database.db);
    const crypto = createNodeCryptoProvider(loadMasterKey(config.dataDir, config.masterKey), config.cryptoSuite);
    const ctx: AppContext = {
      db: database.db,
      engine: database.engine,
      crypto,
      clock,
      settings: createSettings(database.db, clock),
      audit: createAuditWriter(crypto, clock, database.engine),
      config,
      calendar: createCalendarSource(database.db),
      sms: createSmsSender(),
    };
    return { ctx, database, migrated, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** A random demo password that meets the default policy. */
export function generateDemoPassword(): string {
  return `Ly-${randomBytes(9).toString('base64url')}-7a`;
}
