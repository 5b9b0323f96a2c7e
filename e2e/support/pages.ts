// Steps the browser journeys share: signing in, antd pickers, photo uploads, event steps.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.ts';

/** A 1×1 PNG, for photo uploads. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082',
  'hex',
);

/** Signs in through the login page as a demo account and waits to leave it. */
export async function signIn(page: Page, serverUrl: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${serverUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Opens an antd Select by its test id, types, and picks the option with the given text. */
export async function pick(page: Page, testId: string, typed: string, option: string | RegExp): Promise<void> {
  const select = page.getByTestId(testId);
  const multiple = (await select.locator('xpath=ancestor-or-self::*[contains(@class,"ant-select-multiple")]').count()) > 0;
  const chosen = async () => {
    const text = await select.innerText();
    return typeof option === 'string' ? text.includes(option) : option.test(text);
  };
  // A click can be lost while the dropdown opens or its options are still loading (seen under
  // load): each attempt opens the dropdown if it is shut, clicks the option, and waits for the
  // select to show it; only then is the dropdown expected to close.
  const openDropdown = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    if ((await openDropdown.count()) === 0) {
      await select.click();
      if (typed) await page.keyboard.type(typed);
    }
    await openDropdown.locator('.ant-select-item-option', { hasText: option }).first().click({ timeout: 10_000 });
    if (multiple) return;
    const shown = await expect
      .poll(chosen, { timeout: 3_000 })
      .toBe(true)
      .then(
        () => true,
        () => false,
      );
    if (shown || attempt === 3) break;
  }
  expect(await chosen(), `${testId} shows ${String(option)}`).toBe(true);
  await expect.poll(() => openDropdown.count(), { timeout: 5_000 }).toBe(0);
}

/** Attaches a photo to an AttachmentUpload and waits until it is uploaded. */
export async function attachPhoto(page: Page, testId: string, name: string): Promise<void> {
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

/** The state the event page shows. */
export const eventStateOf = (page: Page) => page.getByTestId('event-state').getAttribute('data-state');

/** Takes one step on the event page: its button, its form, OK; waits for the new state. */
export async function eventStep(page: Page, action: string, to: string, fill: () => Promise<void> = async () => undefined): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(1);
  await fill();
  // A click on OK can be lost while the modal is still opening (seen under load): if the state
  // has not moved and the form is still open and idle, OK is clicked once more.
  const submit = page.getByTestId('action-submit');
  await submit.click();
  const moved = await expect
    .poll(() => eventStateOf(page), { timeout: 15_000 })
    .toBe(to)
    .then(
      () => true,
      () => false,
    );
  if (!moved && (await page.locator('.ant-modal:visible').count()) === 1 && !(await submit.getAttribute('class'))?.includes('ant-btn-loading')) {
    await submit.click();
  }
  await expect.poll(() => eventStateOf(page), { timeout: 15_000 }).toBe(to);
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
}

/**
 * The command post's and the handler's part of the loop, on the event page at `eventUrl`:
 * tianshan registers (choosing `category` if given) and dispatches to the window worker, who feeds back with a photo; tianshan
 * verifies on site (closing it) and evaluates.
 */
export async function dispatchFeedBackAndClose(page: Page, serverUrl: string, eventUrl: string, category?: { typed: string; option: string }): Promise<void> {
  await signIn(page, serverUrl, 'tianshan');
  await page.goto(eventUrl);
  await expect.poll(() => eventStateOf(page)).toBe('reported');
  // An event raised without a category (from a visit) gets one when it is registered.
  await eventStep(page, 'register', 'registered', async () => {
    if (category) await pick(page, 'field-category', category.typed, category.option);
  });
  await eventStep(page, 'dispatch', 'dispatched', async () => {
    await pick(page, 'field-unit', '', /^天山路社区$/);
    await pick(page, 'field-person', '', '天山路社区窗口');
  });
  await expect(page.getByTestId('event-handler').textContent()).resolves.toContain('天山路社区窗口');
  await expect.poll(() => page.getByTestId('event-clock').getAttribute('data-clock')).toBe('on-time');

  await signIn(page, serverUrl, 'tianshan-window');
  await page.goto(`${serverUrl}/events/mine`);
  await page.getByTestId('event-link').first().waitFor();
  await page.goto(eventUrl);
  await eventStep(page, 'feedback', 'fed-back', async () => {
    await page.getByTestId('field-result').fill('已处理完毕');
    await attachPhoto(page, 'feedback-photos', 'fixed.png');
  });

  await signIn(page, serverUrl, 'tianshan');
  await page.goto(eventUrl);
  await eventStep(page, 'verify', 'closed');
  await eventStep(page, 'evaluate', 'evaluated');
}
