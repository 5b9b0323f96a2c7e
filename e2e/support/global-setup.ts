// Once per browser-test run: start the server on an empty data folder (it migrates and seeds the
// Shawan demo), stop it, and keep that folder as the template every journey's server starts from
// a copy of — seeding the whole demo once instead of once per file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './server.ts';

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.LINGYAN_E2E_TEMPLATE) return undefined; // given by the caller
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-e2e-template-'));
  const started = Date.now();
  const server = await startServer({ dataDir: dir, keepDataDir: true });
  await server.stop();
  process.env.LINGYAN_E2E_TEMPLATE = dir;
  console.log(`e2e: demo data folder seeded once in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
