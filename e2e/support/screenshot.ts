// Screenshots and other files a browser test wants to keep: e2e/artifacts/ (gitignored).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** e2e/artifacts/<name><ext>, with the name made filesystem-safe (CJK letters are kept). */
export async function artifactPath(name: string, ext: string): Promise<string> {
  const base =
    name
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'artifact';
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, base.endsWith(ext) ? base : `${base}${ext}`);
}

/** Full-page PNG of `page` in e2e/artifacts/<name>.png; returns the file path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const file = await artifactPath(name, '.png');
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
