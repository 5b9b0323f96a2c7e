// Tasks sent down to grids and emergency notices end to end: 天山路社区 (tianshan) sends an
// emergency notice; tianshan-grid1, on a phone, sees it in red on the first page, acknowledges it
// with one tap, and reports the demo's rented-homes check done with a photo; tianshan sees the
// notice acknowledged and the grid's report on the task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { signIn as signInAs } from './support/pages.ts';

// A real 1×1 PNG: the server judges uploads by their bytes.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082',
  'hex',
);

let server: RunningServer;
let desk: LaunchedBrowser;
let phone: LaunchedBrowser;

beforeAll(async () => {
  server = await startServer();
  desk = await launchBrowser();
  phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
});

afterAll(async () => {
  await phone?.close();
  await desk?.close();
  await server?.stop();
});

const signIn = (on: Page, username: string) => signInAs(on, server.url, username);

const title = `燃气泄漏紧急排查 ${Date.now() % 100000}`;

describe('tasks and notices to grids', () => {
  it('tianshan sends an emergency notice to every grid worker of 天山路社区', async () => {
    const page = desk.page;
    await signIn(page, 'tianshan');
    await page.getByTestId('nav-notices').click();
    await expect.poll(() => page.locator('#notices-title').innerText()).toBe('紧急通知');
    await page.getByTestId('notice-send-open').click();
    await page.getByTestId('notice-title').fill(title);
    await page.getByTestId('notice-body').fill('幸福小区 3 号楼疑似燃气泄漏，请各网格立即排查本网格燃气使用情况并上报。');
    await page.locator('#notice-send-ok').click();
    const card = page.getByTestId('notice-card').filter({ hasText: title });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => card.innerText()).toMatch(/0\/\d+ 人已签收/);
    await screenshot(page, 'notice-sent');
  });

  it('tianshan-grid1 sees it in red on a phone and acknowledges it with one tap', async () => {
    const page = phone.page;
    await signIn(page, 'tianshan-grid1');
    const banner = page.getByTestId('pending-notices-banner');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    await banner.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/notices/mine');
    const card = page.getByTestId('notice-card').filter({ hasText: title });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    // Waiting for them: red, with the button on the card.
    expect(await card.evaluate((el) => el.classList.contains('notice-pending'))).toBe(true);
    await screenshot(page, 'notice-pending-phone');
    await card.getByTestId('notice-acknowledge').click();
    await expect.poll(() => page.getByTestId('notice-card').filter({ hasText: title }).innerText(), { timeout: 15_000 }).toContain('已签收');
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'notice-acknowledged-phone');
  });

  it('tianshan-grid1 reports the rented-homes check done with a photo', async () => {
    const page = phone.page;
    await page.goto(`${server.url}/grid-tasks/mine`);
    const card = page.getByTestId('task-card').filter({ hasText: '本月出租房屋全覆盖检查' });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await card.getByRole('link').click();
    await page.getByTestId('task-report-open').click();
    await page.getByTestId('task-step-text').fill('已检查本网格出租房屋 12 户，2 户补办居住证登记。');
    await page.locator('.ant-modal:visible input[type=file]').setInputFiles({ name: '检查现场.png', mimeType: 'image/png', buffer: PNG });
    await expect
      .poll(
        () =>
          page.locator('.ant-modal:visible .ant-upload-list-item-done, .ant-modal:visible .ant-upload-list-item:not(.ant-upload-list-item-uploading)').count(),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await page.locator('#task-step-ok').click();
    const grid = page.getByTestId('task-grid');
    await expect.poll(() => grid.first().innerText(), { timeout: 15_000 }).toContain('已完成');
    await expect.poll(() => grid.first().locator('img').count()).toBe(1);
    await screenshot(page, 'task-reported-phone');
  });

  it('tianshan sees the notice acknowledged by tianshan-grid1 and the grid’s report on the task', async () => {
    const page = desk.page;
    await page.getByTestId('notice-card').filter({ hasText: title }).getByRole('link').click();
    const row = page.getByTestId('notice-recipient').filter({ hasText: '天山路社区第一网格网格员' });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/签收/);
    expect(await row.innerText()).not.toContain('未签收');
    await screenshot(page, 'notice-recipients');

    await page.getByTestId('nav-gridTasks').click();
    await page.getByTestId('task-card').filter({ hasText: '本月出租房屋全覆盖检查' }).getByRole('link').click();
    const grid1 = page.getByTestId('task-grid').filter({ hasText: '2 户补办居住证登记' });
    await expect.poll(() => grid1.count(), { timeout: 15_000 }).toBe(1);
    expect(await grid1.innerText()).toContain('已完成');
    await screenshot(page, 'task-progress');
  });
});
