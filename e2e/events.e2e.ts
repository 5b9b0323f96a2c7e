// Events end to end: on a phone, tianshan-grid1 reports a missing manhole cover in their grid with
// a photo; the community (tianshan) registers it and dispatches it to its window worker; the
// handler feeds back with a photo; the community verifies on site and closes it, and evaluates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';

const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082',
  'hex',
);

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

async function signIn(username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Opens an antd Select by its test id, types, and picks the option with the given text. */
async function pick(testId: string, typed: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  if (typed) await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** Attaches a photo to an AttachmentUpload and waits until it is uploaded. */
async function attachPhoto(testId: string, name: string): Promise<void> {
  await page.locator(`[data-testid=${testId}] input[type=file]`).setInputFiles({ name, mimeType: 'image/png', buffer: PNG_1X1 });
  await expect
    .poll(
      () =>
        page
          .locator(`[data-testid=${testId}] .ant-upload-list-item-done, [data-testid=${testId}] .ant-upload-list-item:not(.ant-upload-list-item-uploading)`)
          .count(),
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  await expect.poll(() => page.locator(`[data-testid=${testId}] .ant-upload-list-item-uploading`).count(), { timeout: 15_000 }).toBe(0);
}

const stateOfPage = () => page.getByTestId('event-state').getAttribute('data-state');

/** Takes one step on the event page: its button, its form, OK; waits for the new state. */
async function step(action: string, to: string, fill: () => Promise<void> = async () => undefined): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(1);
  await fill();
  await page.getByTestId('action-submit').click();
  await expect.poll(stateOfPage, { timeout: 15_000 }).toBe(to);
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
}

describe('the event loop', () => {
  it('a grid worker reports on a phone; the community dispatches; the handler feeds back; the community verifies and closes', async () => {
    await signIn('tianshan-grid1');
    await page.goto(`${server.url}/events/report`);
    await page.getByTestId('report-event-page').waitFor();
    await pick('field-grid', '', '天山路社区第一网格');
    await pick('field-category', '井盖', '井盖缺失/破损');
    await page.getByTestId('field-description').fill('天山路与北京路交叉口东侧井盖缺失，已设临时警示');
    await page.getByTestId('field-address').fill('天山路与北京路交叉口');
    await attachPhoto('report-photos', 'manhole.png');
    // One column on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'events-report-phone', { fullPage: true });
    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    const eventUrl = page.url();
    await expect.poll(stateOfPage).toBe('reported');
    await expect.poll(() => page.locator('[data-testid=event-photos] img').count()).toBe(1);
    // The grid worker takes no step of the command post.
    await expect.poll(() => page.getByTestId('no-actions').count()).toBe(1);

    // The community registers it and dispatches it to its window worker.
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn('tianshan');
    await page.goto(eventUrl);
    await expect.poll(stateOfPage).toBe('reported');
    await step('register', 'registered');
    await step('dispatch', 'dispatched', async () => {
      await pick('field-unit', '', /^天山路社区$/);
      await pick('field-person', '', '天山路社区窗口');
    });
    await expect(page.getByTestId('event-handler').textContent()).resolves.toContain('天山路社区窗口');
    await expect.poll(() => page.getByTestId('event-clock').getAttribute('data-clock')).toBe('on-time');
    await screenshot(page, 'events-dispatched');

    // The handler feeds back with a photo of the work done.
    await signIn('tianshan-window');
    await page.goto(`${server.url}/events/mine`);
    await page.getByTestId('event-link').first().waitFor();
    await page.goto(eventUrl);
    await step('feedback', 'fed-back', async () => {
      await page.getByTestId('field-result').fill('已补装井盖并固定');
      await attachPhoto('feedback-photos', 'fixed.png');
    });
    await expect.poll(() => page.locator('[data-testid=event-photos] img').count()).toBe(2);

    // The community verifies on site, closes and evaluates.
    await signIn('tianshan');
    await page.goto(eventUrl);
    await step('verify', 'closed');
    await step('evaluate', 'evaluated');
    const timeline = await page.locator('[data-testid=timeline-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(timeline).toEqual(['collect', 'register', 'dispatch', 'feedback', 'verify', 'evaluate']);
    await screenshot(page, 'events-closed', { fullPage: true });
  });
});
