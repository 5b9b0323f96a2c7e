import { loadConfig } from './platform/config.ts';
import fs from 'node:fs';
import { openRuntime } from './platform/runtime.ts';
import { offsetFileClock, systemClock } from './platform/clock.ts';
import { buildApp } from './app.ts';
import { serverLoggerOptions } from './platform/http/logger.ts';
import { prepareDemo } from './seed/demo-bootstrap.ts';
import { startJobs } from './platform/jobs.ts';
import { platformJobs } from './platform/platform-jobs.ts';
import { serviceHallJobs } from './modules/service-requests/service-requests.jobs.ts';
import { eventJobs } from './modules/events/events.jobs.ts';
import { importJobs, recoverImports } from './modules/imports/import-files.ts';
import { fileJobs } from './modules/files/files.jobs.ts';
import { starCycleJobs } from './modules/star-cycles/star-cycles.jobs.ts';

// config → database → app → listen; nothing else.
const config = loadConfig();
// Browser journeys move time forward through a file (see offsetFileClock); nothing else sets this.
const clockFile = process.env.LINGYAN_CLOCK_OFFSET_FILE;
const runtime = await openRuntime(config, clockFile ? offsetFileClock(clockFile, readIfPresent) : systemClock);
// Imports a stopped server left half-checked or half-committed are marked failed (nothing was written).
await recoverImports(runtime.ctx);
const demo = await prepareDemo(runtime.ctx);
const app = await buildApp(runtime.ctx, { logger: serverLoggerOptions(config.logLevel) });
const jobs = startJobs(
  runtime.ctx.db,
  runtime.ctx.clock,
  [
    ...platformJobs(runtime.ctx),
    ...serviceHallJobs(runtime.ctx),
    ...eventJobs(runtime.ctx),
    ...importJobs(runtime.ctx),
    ...fileJobs(runtime.ctx),
    ...starCycleJobs(runtime.ctx),
  ],
  (msg, err) => app.log.error({ err }, msg),
);
const address = await app.listen({ port: config.port, host: config.host });
const url = address.replace('[::1]', 'localhost');

console.log(`\nLingyan listening on ${url}`);
console.log(`  database: ${runtime.database.describe}`);
console.log(`  data folder: ${config.dataDir}`);
console.log(`  API docs: ${url}/api/docs`);
if (demo) console.log(demo);

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  jobs.stop();
  await app.close();
  await runtime.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
