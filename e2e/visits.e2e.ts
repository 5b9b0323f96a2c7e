// Visits end to end, on a phone: tianshan-grid1 opens who is due, logs a visit to the first
// household (the person met, a note, a photo from the camera) and raises what it found as an event
// in the same step; the event carries the photo and goes round the loop: the community dispatches
// it, the handler feeds back, the community verifies and closes it. The community leader then sees
// the coverage of 天山路社区 and the households not yet visited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { dispatchFeedBackAndClose, eventStateOf, PNG_1X1, signIn } from './support/pages.ts';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiAs(username: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async (path: string) => (await fetch(`${server.url}/api/v1${path}`, { headers: { Cookie: cookie } })).json();
}

describe('visits on a phone', () => {
  it('tianshan-grid1 logs a visit to a due household that raises an event with a photo', async () => {
    await signIn(page, server.url, 'tianshan-grid1');
    await page.goto(`${server.url}/visits`);
    const first = page.getByTestId('visit-household').first();
    await first.waitFor();
    const householdId = await first.getAttribute('data-household-id');
    const address = (await first.locator('.visit-household-address').textContent())!;
    // Never visited first on the due list.
    await expect(first.textContent()).resolves.toContain('从未走访');
    await screenshot(page, 'visits-due');
    await first.getByTestId('visit-log').click();
    await page.getByTestId('visit-form').waitFor();
    await expect(page.getByTestId('visit-form-address').textContent()).resolves.toBe(address);
    await page.locator('[data-testid^="person-"]').first().click();
    await page.getByTestId('field-notes').fill('老人在家，楼道里堆满杂物');
    await page.getByTestId('visit-photo-input').setInputFiles({ name: 'corridor.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await page.getByTestId('visit-photo').first().waitFor();
    await page.getByTestId('raise-event').click();
    await page.getByTestId('field-description').fill('楼道堆放杂物，堵塞消防通道');
    // One column on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'visits-log-form', { fullPage: true });
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('visit-done').waitFor();
    await screenshot(page, 'visits-done');

    const api = await apiAs('tianshan-grid1');
    const visits = (await api(`/visits?householdId=${householdId}`)) as {
      items: { id: string; raised: { type: string; id: string } | null; photos: { id: string }[]; peopleMet: unknown[]; notes: string }[];
    };
    const v = visits.items[0]!;
    expect(v.raised?.type).toBe('event');
    expect(v.photos).toHaveLength(1);
    expect(v.peopleMet).toHaveLength(1);
    expect(v.notes).toBe('老人在家，楼道里堆满杂物');
    const event = (await api(`/events/${v.raised!.id}`)) as { description: string; source: string; photos: { id: string }[] };
    expect(event).toMatchObject({ description: '楼道堆放杂物，堵塞消防通道', source: 'visit' });
    expect(event.photos.map((p) => p.id)).toEqual(v.photos.map((p) => p.id));
    // The household has left the due list.
    const due = (await api('/visits/due?pageSize=100')) as { items: { id: string }[] };
    expect(due.items.some((h) => h.id === householdId)).toBe(false);

    await page.getByTestId('visit-raised-link').click();
    await page.waitForURL((url) => url.pathname === `/events/${v.raised!.id}`);
    await page.getByText('楼道堆放杂物，堵塞消防通道').first().waitFor();
    await screenshot(page, 'visits-event');

    // The loop goes on from the visit: the community dispatches it, the handler feeds back, the community verifies and closes.
    const eventUrl = page.url();
    await page.setViewportSize({ width: 1280, height: 900 });
    await dispatchFeedBackAndClose(page, server.url, eventUrl, { typed: '乱堆', option: '乱堆物料' });
    const timeline = await page.locator('[data-testid=timeline-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(timeline).toEqual(['collect', 'register', 'dispatch', 'feedback', 'verify', 'evaluate']);
    expect(await eventStateOf(page)).toBe('evaluated');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('the community leader sees coverage and the households not yet visited', async () => {
    await signIn(page, server.url, 'tianshan');
    await page.goto(`${server.url}/visit-coverage`);
    await page.getByTestId('coverage-summary').waitFor();
    await page.getByTestId('coverage-due').locator('tbody tr').first().waitFor();
    const summary = await page.getByTestId('coverage-summary').textContent();
    expect(summary).toContain('天山路社区');
    expect(await page.getByTestId('coverage-children').locator('tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'visits-coverage', { fullPage: true });
  });
});
