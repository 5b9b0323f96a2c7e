// What a page makes the browser fetch in JavaScript on a first visit with an empty cache, counted
// as gzip bytes of the built files (the budget of issue 7: the login page ≤ 300 KB gzipped).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './server.ts';

export const WEB_DIST = path.join(REPO_ROOT, 'apps/web/dist');

export interface FirstLoadJs {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/** The gzip size of one built file: its precompressed twin when the build wrote one. */
export function gzipSizeOf(file: string): number {
  const twin = `${file}.gz`;
  if (fs.existsSync(twin)) return fs.statSync(twin).size;
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/**
 * Loads `url` in a fresh page of the given browser context, waits for `ready` (a selector) and
 * for the network to go quiet, and sums the JavaScript it requested, mapped onto dist/.
 */
export async function measureFirstLoadJs(page: Page, url: string, ready: string): Promise<FirstLoadJs> {
  const requested = new Set<string>();
  const onRequest = (request: { resourceType(): string; url(): string }) => {
    if (request.resourceType() === 'script') requested.add(new URL(request.url()).pathname);
  };
  page.on('request', onRequest);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('request', onRequest);
  }
  const files = [...requested].sort().map((pathname) => {
    const file = path.join(WEB_DIST, pathname);
    if (!file.startsWith(WEB_DIST) || !fs.existsSync(file)) throw new Error(`fetched ${pathname}, which is not in ${WEB_DIST}`);
    return { path: pathname, bytes: fs.statSync(file).size, gzipBytes: gzipSizeOf(file) };
  });
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}
