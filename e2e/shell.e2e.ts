// The web shell end to end: a community leader signs in, sees only their own part of the org
// tree, switches to English and signs out; the auditor then finds that session in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { measureFirstLoadJs } from './support/first-load.ts';

/** Issue 7's budget for the first page anyone sees. */
const LOGIN_BUDGET_GZIP_BYTES = 300 * 1024;

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** The names in the open org picker, once the first level below the scope root has loaded. */
async function pickerNodeNames(): Promise<string[]> {
  const names = page.locator('.ant-select-dropdown:visible .org-option-name');
  await expect.poll(() => names.count(), { timeout: 15_000 }).toBeGreaterThan(1);
  return names.allInnerTexts();
}

describe('web shell', () => {
  it('fetches at most 300 KB of gzipped JavaScript for the login page (an empty cache), and no charts', async () => {
    const load = await measureFirstLoadJs(page, `${server.url}/login`, '[data-testid=login-submit]');
    const listing = load.files.map((f) => `${f.path} ${(f.gzipBytes / 1024).toFixed(1)} KB`).join('\n');
    console.log(`login first-load JS: ${(load.gzipBytes / 1024).toFixed(1)} KB gzipped in ${load.files.length} files`);
    expect(load.gzipBytes, listing).toBeLessThanOrEqual(LOGIN_BUDGET_GZIP_BYTES);
    // ECharts (its canvas renderer) and the other language's texts belong to other pages.
    expect(load.files.map((f) => f.path).join()).not.toMatch(/installCanvasRenderer|echarts|\/en-/i);
  });

  it('shows a community leader only their community, in Chinese and English, then signs out', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);

    await signIn('tianshan');
    await page.waitForURL('**/home');
    await expect.poll(() => page.getByTestId('home-subtitle').innerText()).toContain('天山路社区');
    const gridCount = page.getByTestId('summary-grids').locator('.ant-statistic-content-value');
    await expect.poll(() => gridCount.innerText(), { timeout: 15_000 }).toMatch(/^\d+$/);

    // The picker starts at the leader's scope: 天山路社区 and the grids under it, nothing beside or above.
    await page.getByTestId('org-picker').click();
    const names = await pickerNodeNames();
    expect(names[0]).toBe('天山路社区');
    const grids = names.slice(1);
    for (const name of grids) expect(name).toMatch(/^天山路社区.*网格$/);
    expect(names.join()).not.toMatch(/团结街道|广场路社区|沙湾市/);
    expect(grids.length).toBe(Number(await gridCount.innerText()));
    await screenshot(page, 'shell-tianshan-picker');
    await page.keyboard.press('Escape');

    // English: menu, headings and the language of API requests follow the switch.
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('nav-home').innerText()).toBe('Overview');
    await expect.poll(() => page.locator('#home-title').innerText()).toBe('Overview');
    await expect.poll(() => page.getByTestId('summary-grids').locator('.ant-statistic-title').innerText()).toBe('Grids');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await screenshot(page, 'shell-tianshan-english');

    const logoutRequest = page.waitForRequest((request: Request) => request.url().endsWith('/api/v1/auth/logout'));
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-logout').click();
    const headers = await (await logoutRequest).allHeaders();
    expect(headers['accept-language']).toBe('en');
    expect(headers['x-csrf-token']).toBeTruthy();

    await page.waitForURL('**/login');
    await expect.poll(() => page.getByTestId('login-notice').innerText()).toBe('You have signed out');
    // The choice of language outlives the session.
    await page.reload();
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toBe('Sign in');
  });

  it('lands the auditor on the audit log, where that session is recorded', async () => {
    await page.getByTestId('language-switch').getByText('中文').click();
    await signIn('auditor');
    await page.waitForURL('**/audit');
    // The auditor's menu holds the audit log and nothing else.
    await expect.poll(() => page.getByTestId('nav-audit').innerText()).toBe('审计日志');
    expect(await page.getByTestId('nav-home').count()).toBe(0);
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('org-picker').count()).toBe(0);

    await page.getByTestId('audit-filter-actor').fill('tianshan');
    await page.getByTestId('audit-filter-submit').click();
    const rows = page.locator('[data-testid=audit-table] tr.ant-table-row');
    await expect.poll(async () => (await rows.allInnerTexts()).every((row) => row.includes('tianshan')) && (await rows.count()) >= 2).toBe(true);
    const texts = await rows.allInnerTexts();
    const cells = texts.map((row) => row.split('\t').map((cell) => cell.trim()));
    const logoutAt = cells.findIndex((row) => row.includes('退出登录'));
    const loginAt = cells.findIndex((row) => row.includes('登录'));
    expect(logoutAt).toBeGreaterThanOrEqual(0);
    expect(loginAt).toBeGreaterThan(logoutAt); // newest first
    expect(cells[logoutAt]).toContain('成功');
    expect(cells[loginAt]).toContain('成功');

    await rows.nth(logoutAt).locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => page.locator('.ant-table-expanded-row:visible').innerText()).toContain('请求编号');
    await screenshot(page, 'shell-auditor-audit-log');
  });
});
