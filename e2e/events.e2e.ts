// Events end to end: on a phone, tianshan-grid1 reports a missing manhole cover in their grid with
// a photo; the community (tianshan) registers it and dispatches it to its window worker; the
// handler feeds back with a photo; the community verifies on site and closes it, and evaluates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { attachPhoto, dispatchFeedBackAndClose, eventStateOf, pick, signIn } from './support/pages.ts';

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

describe('the event loop', () => {
  it('a grid worker reports on a phone; the community dispatches; the handler feeds back; the community verifies and closes', async () => {
    await signIn(page, server.url, 'tianshan-grid1');
    await page.goto(`${server.url}/events/report`);
    await page.getByTestId('report-event-page').waitFor();
    await pick(page, 'field-grid', '', '天山路社区第一网格');
    await pick(page, 'field-category', '井盖', '井盖缺失/破损');
    await page.getByTestId('field-description').fill('天山路与北京路交叉口东侧井盖缺失，已设临时警示');
    await page.getByTestId('field-address').fill('天山路与北京路交叉口');
    await attachPhoto(page, 'report-photos', 'manhole.png');
    // One column on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'events-report-phone', { fullPage: true });
    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    const eventUrl = page.url();
    await expect.poll(() => eventStateOf(page)).toBe('reported');
    await expect.poll(() => page.locator('[data-testid=event-photos] img').count()).toBe(1);
    // The grid worker takes no step of the command post.
    await expect.poll(() => page.getByTestId('no-actions').count()).toBe(1);

    // The community registers and dispatches it; the handler feeds back with a photo; the community verifies, closes and evaluates.
    await page.setViewportSize({ width: 1280, height: 900 });
    await dispatchFeedBackAndClose(page, server.url, eventUrl);
    await expect.poll(() => page.locator('[data-testid=event-photos] img').count()).toBe(2);
    const timeline = await page.locator('[data-testid=timeline-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(timeline).toEqual(['collect', 'register', 'dispatch', 'feedback', 'verify', 'evaluate']);
    await screenshot(page, 'events-closed', { fullPage: true });
  });
});
