import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../platform/context.ts';
import { generateDemoPassword } from '../platform/runtime.ts';
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from './demo.ts';

const PASSWORD_FILE = 'demo-password.txt';

/**
 * On an empty data folder, seeds the Shawan demo; on later starts, keeps the data. Returns the
 * text that tells the person at the console how to sign in, or null when there is no demo.
 */
export async function prepareDemo(ctx: AppContext): Promise<string | null> {
  const file = path.join(ctx.config.dataDir, PASSWORD_FILE);
  if (await isEmpty(ctx.db)) {
    const password = ctx.config.demoPassword ?? generateDemoPassword();
    const registry = await seedDemo(ctx.db, password, ctx.clock.now().toISOString(), { crypto: ctx.crypto });
    fs.mkdirSync(ctx.config.dataDir, { recursive: true });
    // A generated password is kept (mode 600) so that later starts can print it again.
    if (!ctx.config.demoPassword) fs.writeFileSync(file, password + '\n', { mode: 0o600 });
    // Counts only: the synthetic residents' names and numbers are never printed.
    const what = registry
      ? `seeded the Shawan demo (${registry.residents} synthetic residents in ${registry.households} households, ${registry.homes} homes, ${registry.tenancies} tenancies in ${registry.communities} communities)`
      : 'seeded the Shawan demo';
    return describe(password, what);
  }
  const demoUser = await ctx.db.selectFrom('users').select('id').where('username', '=', 'tianshan').executeTakeFirst();
  if (!demoUser) return null;
  const saved = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
  return describe(saved ?? '(the LINGYAN_DEMO_PASSWORD given at first start)', 'existing data kept');
}

function describe(password: string, what: string): string {
  const names = DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(16)} ${a.role}`).join('\n');
  return `  demo: ${what}\n  demo accounts (password: ${password}):\n${names}`;
}
