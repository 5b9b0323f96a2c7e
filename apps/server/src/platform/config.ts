import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** A postgres:// URL switches the data layer to PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl: string | null;
  demoPassword: string | null;
  masterKey: string | null;
  cryptoSuite: 'aes' | 'sm';
  logLevel: string;
  /** Where the built web app lives; served at / when present. */
  webDistDir: string;
  bodyLimitBytes: number;
  /** Cookies marked Secure (set when served behind HTTPS). */
  secureCookies: boolean;
  /** Behind a TLS-terminating proxy: take the client address and https from X-Forwarded-For/-Proto (LINGYAN_TRUST_PROXY=1). */
  trustProxy: boolean;
  /** Where residents reach the site (printed links and QR codes); the request's own origin when unset. */
  publicUrl: string | null;
};

const here = path.dirname(new URL(import.meta.url).pathname);
export const REPO_ROOT = path.resolve(here, '../../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  }
  const suite = (env.LINGYAN_CRYPTO ?? 'aes').toLowerCase();
  if (suite !== 'aes' && suite !== 'sm') throw new Error('LINGYAN_CRYPTO must be "aes" or "sm"');
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(env.LINGYAN_DATA_DIR?.trim() || path.join(process.cwd(), 'data')),
    databaseUrl,
    demoPassword: env.LINGYAN_DEMO_PASSWORD || null,
    masterKey: env.LINGYAN_MASTER_KEY || null,
    cryptoSuite: suite,
    logLevel: env.LOG_LEVEL ?? 'info',
    webDistDir: path.resolve(env.LINGYAN_WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist')),
    bodyLimitBytes: Number(env.LINGYAN_BODY_LIMIT ?? 1024 * 1024),
    secureCookies: env.LINGYAN_SECURE_COOKIES === '1',
    trustProxy: env.LINGYAN_TRUST_PROXY === '1',
    publicUrl: env.LINGYAN_PUBLIC_URL?.trim().replace(/\/+$/, '') || null,
  };
}
