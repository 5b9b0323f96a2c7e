import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';
import type { Engine } from './db/dialect.ts';
import type { CryptoProvider } from './crypto/provider.ts';
import type { Clock } from './clock.ts';
import type { Settings } from './settings.ts';
import type { AuditWriter } from './audit/audit.ts';
import type { Config } from './config.ts';
import type { CalendarSource } from './calendar.ts';
import type { SmsSender } from './sms/sms.ts';

/** What every module stands on, built once in app.ts and handed to each module's routes. */
export type AppContext = {
  db: Kysely<DB>;
  engine: Engine;
  crypto: CryptoProvider;
  clock: Clock;
  settings: Settings;
  audit: AuditWriter;
  config: Config;
  calendar: CalendarSource;
  sms: SmsSender;
};
