// Real Chromium for browser tests: a fresh, empty profile per launch, headless, no network
// chatter of its own. Executable: $CHROMIUM_PATH, else /usr/bin/chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { watchAccessibility } from './a11y.ts';

export { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/lib/chromium.mjs';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/lib/chromium.mjs';

type PersistentContextOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

export type LaunchBrowserOptions = Omit<PersistentContextOptions, 'executablePath' | 'args'> & {
  /** Extra Chromium flags, appended to CHROMIUM_ARGS. */
  extraArgs?: string[];
};

export interface LaunchedBrowser {
  context: BrowserContext;
  /** The tab the browser opened with. */
  page: Page;
  userDataDir: string;
  newPage(): Promise<Page>;
  /** Close the browser and delete its profile. Safe to call twice. */
  close(): Promise<void>;
}

const profileDirs = new Set<string>();
let exitHookInstalled = false;

function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  } catch {
    // best effort: it lives in the temp dir anyway
  }
}

/**
 * Launch Chromium with a new empty user-data-dir. playwright-core forbids --user-data-dir in
 * launch() args, so this is a persistent context on a fresh mkdtemp directory.
 * Defaults (overridable): zh-CN locale, Asia/Shanghai time zone, 1366×900 viewport, downloads on.
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<LaunchedBrowser> {
  const { extraArgs = [], ...contextOptions } = options;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-chromium-'));
  profileDirs.add(userDataDir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => profileDirs.forEach(removeDir));
  }
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumExecutable(),
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      ...contextOptions,
    });
  } catch (err) {
    profileDirs.delete(userDataDir);
    removeDir(userDataDir);
    throw err;
  }
  watchAccessibility(context);
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    userDataDir,
    newPage: () => context.newPage(),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        profileDirs.delete(userDataDir);
        removeDir(userDataDir);
      }
    },
  };
}
