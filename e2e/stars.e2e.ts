// The annual star evaluation end to end, on the demo's 2026 cycle (open in its survey phase), with
// the server's clock moved forward through each phase (LINGYAN_CLOCK_OFFSET_FILE): 团结街道 (tuanjie)
// scores 天山路社区 on its scoring sheet; the reviewing departments accept (政法委's officer dept-zfw
// in the browser, the other eight through the API); the city (city) approves on its dashboard; during
// the public notice the board still shows last year's stars; once the notice is over the city displays
// and the public star board, with no login, shows 天山路社区's new stars and level.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { starPasses, starScore, starStanding, type PhaseSpan, type StarPhase } from '@lingyan/shared';
import { DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { signIn as signInAs } from './support/pages.ts';

const TIANSHAN = '天山路社区';
const DEPARTMENTS = ['zzb', 'mzj', 'tzb', 'mzzj', 'xcb', 'jggw', 'zjj', 'jw'];
const LEVEL_ZH: Record<string, string> = { good: '好', 'fairly-good': '较好', average: '一般', poor: '差' };

let server: RunningServer;
let desk: LaunchedBrowser;
const clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-e2e-clock-'));
const clockFile = path.join(clockDir, 'offset');

type Session = { cookie: string; csrf: string };
async function api(username: string): Promise<Session> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, `login ${username}`).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('lingyan_session='))!
    .split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
async function call<T>(s: Session, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${url}: ${text.slice(0, 300)}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

/** Moves the server's clock to 11:00 (China time) on a day `days` into the phase. */
function moveClockInto(phases: PhaseSpan[], phase: StarPhase, days = 1): void {
  const span = phases.find((p) => p.phase === phase)!;
  const target = Date.parse(`${span.startsOn}T03:00:00Z`) + days * 86_400_000;
  fs.writeFileSync(clockFile, String(target - Date.now()));
}

let cycleId = '';
let communityId = '';
let phases: PhaseSpan[] = [];
let starsBefore: string[] = [];

const signIn = async (page: Page, username: string) => {
  // The clock moves by days between steps: a session from an earlier day has expired.
  await new Promise((r) => setTimeout(r, 600)); // the server re-reads the clock file every 250 ms
  await signInAs(page, server.url, username);
};

async function boardRow(page: Page): Promise<{ stars: string; level: string }> {
  await page.goto(`${server.url}/public/star-board`);
  const row = page.locator(`[data-testid=star-board-row][data-community="${TIANSHAN}"]`);
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  return { stars: (await row.getAttribute('data-stars')) ?? '', level: (await row.getAttribute('data-level')) ?? '' };
}

beforeAll(async () => {
  fs.writeFileSync(clockFile, '0');
  server = await startServer({ env: { LINGYAN_CLOCK_OFFSET_FILE: clockFile } });
  desk = await launchBrowser();
  const city = await api('city');
  const cycles = await call<{ items: { id: string; year: number; currentPhase: string; phases: PhaseSpan[] }[] }>(city, 'GET', '/api/v1/star-cycles');
  const open = cycles.items.find((c) => c.currentPhase === 'resident-survey')!;
  expect(open, 'the demo has a cycle in its survey phase').toBeTruthy();
  cycleId = open.id;
  phases = open.phases;
  const nodes = await call<{ items: { communityId: string; communityName: string }[] }>(city, 'GET', `/api/v1/stars/communities`);
  communityId = nodes.items.find((n) => n.communityName === TIANSHAN)!.communityId;
  const held = await call<{ stars: { code: string }[] }>(city, 'GET', `/api/v1/communities/${communityId}/stars`);
  starsBefore = held.stars.map((s) => s.code);
});

afterAll(async () => {
  await desk?.close();
  await server?.stop();
  fs.rmSync(clockDir, { recursive: true, force: true });
});

describe('the annual star evaluation', () => {
  it('the public board shows 天山路社区 with last year’s stars, no login needed', async () => {
    const before = await boardRow(desk.page);
    expect(before.stars.split(',').filter(Boolean).sort()).toEqual([...starsBefore].sort());
    expect(before.level).toBe(starStanding(starsBefore).level);
    await screenshot(desk.page, 'star-board-before');
  });

  it('the city sees last year’s results used: who is recommended and who is barred, and the cadres’ export', async () => {
    const page = desk.page;
    await signIn(page, 'city');
    const city = await api('city');
    const cycles = await call<{ items: { id: string; currentPhase: string }[] }>(city, 'GET', '/api/v1/star-cycles');
    const done = cycles.items.find((c) => c.currentPhase === 'display')!;
    // Who lacks 民族团结星 now, from the communities' own star pages: the rules bar each of them.
    const list = await call<{ items: { communityName: string; stars: { code: string }[] }[] }>(city, 'GET', '/api/v1/stars/communities');
    const lacking = list.items.filter((c) => c.stars.length > 0 && !c.stars.some((s) => s.code === 'ethnic-unity')).map((c) => c.communityName);
    expect(lacking.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/star-cycles/${done.id}`);
    const barred = page.locator('[data-testid=honour-row][data-honour=ethnic-unity-progress]');
    await expect.poll(() => barred.count(), { timeout: 15_000 }).toBe(1);
    for (const name of lacking) await expect.poll(() => barred.innerText()).toContain(name);
    const xlsx = await fetch(`${server.url}/api/v1/star-cycles/${done.id}/assessment.xlsx`, { headers: { cookie: city.cookie } });
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    await screenshot(page, 'star-results-used');
  });

  it('tuanjie scores 天山路社区 on the scoring sheet in the township-scoring phase', async () => {
    moveClockInto(phases, 'township-scoring');
    const page = desk.page;
    await signIn(page, 'tuanjie');
    await page.goto(`${server.url}/star-cycles/${cycleId}`);
    const row = page.locator(`[data-testid=entry-row][data-community="${TIANSHAN}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByTestId('entry-open').click();
    await expect.poll(() => page.getByTestId('scores-submit').count(), { timeout: 15_000 }).toBe(1);
    // Every score the township types (the platform's own figures fill the rest): 90 for most, 70 for 环境整洁.
    const fields = page.locator('[data-testid^="score-"]');
    const n = await fields.count();
    expect(n).toBeGreaterThan(10);
    for (let i = 0; i < n; i++) {
      const field = fields.nth(i);
      const testId = (await field.getAttribute('data-testid'))!;
      const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
      await input.fill(testId.startsWith('score-environment-') ? '70' : '90');
    }
    await page.getByTestId('scores-save').click();
    await expect.poll(() => page.getByTestId('entry-step').allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('保存考评分'));
    await page.getByTestId('scores-submit').click();
    await page
      .locator('.ant-popconfirm:visible .ant-btn-primary, .ant-modal:visible .ant-btn-primary')
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect.poll(() => page.getByTestId('entry-step').allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('乡镇提交考评'));
    await screenshot(page, 'star-scoring-sheet');
  });

  it('the reviewing departments accept: dept-zfw in its review queue, the others through the API', async () => {
    moveClockInto(phases, 'department-review');
    const page = desk.page;
    await signIn(page, 'dept-zfw');
    await page.goto(`${server.url}/star-review`);
    const row = page.locator(`[data-testid=review-row][data-community="${TIANSHAN}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByTestId('review-accept').click();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await screenshot(page, 'star-review-queue');
    for (const code of DEPARTMENTS) {
      const s = await api(`dept-${code}`);
      const queue = await call<{ items: { communityId: string; starCode: string }[] }>(s, 'GET', `/api/v1/star-cycles/${cycleId}/review-queue`);
      const mine = queue.items.filter((i) => i.communityId === communityId);
      expect(mine.length, `dept-${code} has 天山路社区's stars to review`).toBeGreaterThan(0);
      for (const i of mine) await call(s, 'POST', `/api/v1/star-cycles/${cycleId}/entries/${communityId}/stars/${i.starCode}/accept`, {});
    }
  });

  let awarded: string[] = [];
  it('the city approves 天山路社区 on its dashboard in the city-approval phase', async () => {
    moveClockInto(phases, 'city-approval');
    const page = desk.page;
    await signIn(page, 'city');
    await page.goto(`${server.url}/star-cycles/${cycleId}`);
    const row = page.locator(`[data-testid=entry-row][data-community="${TIANSHAN}"]`);
    await expect.poll(() => row.getByTestId('entry-approve').count(), { timeout: 15_000 }).toBe(1);
    await row.getByTestId('entry-approve').click();
    await page
      .locator('.ant-popconfirm:visible .ant-btn-primary, .ant-modal:visible .ant-btn-primary')
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect.poll(() => row.getByTestId('entry-approve').count(), { timeout: 15_000 }).toBe(0);
    await screenshot(page, 'star-city-dashboard');
    // What should be awarded, worked out here from the sheet's scores with the shared rules.
    const city = await api('city');
    const entry = await call<{
      stars: { definition: { code: string; passMark: number }; indicators: { weight: number; townshipScore: number | null; figure: number | null }[] }[];
    }>(city, 'GET', `/api/v1/star-cycles/${cycleId}/entries/${communityId}`);
    awarded = entry.stars
      .filter((s) => starPasses(starScore(s.indicators.map((i) => ({ weight: i.weight, score: i.townshipScore ?? i.figure }))), s.definition.passMark))
      .map((s) => s.definition.code);
    expect(awarded).not.toContain('environment'); // scored 70, below its pass mark of 80
    expect(awarded.length).toBeGreaterThan(0);
  });

  it('during the public notice the board still shows last year’s stars and the notice lists 天山路社区', async () => {
    moveClockInto(phases, 'public-notice');
    const page = desk.page;
    await page.context().clearCookies();
    await new Promise((r) => setTimeout(r, 600));
    await page.goto(`${server.url}/public/star-notice`);
    await expect.poll(() => page.locator('[data-testid=notice-row]', { hasText: TIANSHAN }).count(), { timeout: 15_000 }).toBe(1);
    const during = await boardRow(page);
    expect(during.stars.split(',').filter(Boolean).sort()).toEqual([...starsBefore].sort());
  });

  it('after the notice period the city displays, and the public board shows the new stars and level', async () => {
    moveClockInto(phases, 'display', 0);
    const page = desk.page;
    await signIn(page, 'city');
    await page.goto(`${server.url}/star-cycles/${cycleId}`);
    await page.getByTestId('cycle-display').click();
    await page
      .locator('.ant-popconfirm:visible .ant-btn-primary, .ant-modal:visible .ant-btn-primary')
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await page.context().clearCookies();
    await expect.poll(async () => (await boardRow(page)).stars.split(',').filter(Boolean).sort(), { timeout: 30_000 }).toEqual([...awarded].sort());
    const after = await boardRow(page);
    const level = starStanding(awarded).level;
    expect(after.level).toBe(level);
    await expect.poll(() => page.locator(`[data-testid=star-board-row][data-community="${TIANSHAN}"]`).innerText()).toContain(LEVEL_ZH[level]!);
    await screenshot(page, 'star-board-after');
  });
});
