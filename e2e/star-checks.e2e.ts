// Stars between cycles end to end: 天山路社区 (tianshan) applies for a star it lacks with evidence;
// 团结街道 (tuanjie) finds it in its queue and passes the township check, the timeline showing both
// steps; then tuanjie records this quarter's check of 天山路社区 on the quarterly check page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { attachPhoto, signIn as signInAs } from './support/pages.ts';

let server: RunningServer;
let desk: LaunchedBrowser;

beforeAll(async () => {
  server = await startServer();
  desk = await launchBrowser();
});

afterAll(async () => {
  await desk?.close();
  await server?.stop();
});

const signIn = (on: Page, username: string) => signInAs(on, server.url, username);
let starName = '';

describe('stars between cycles', () => {
  it('tianshan applies for a star it lacks, with a reason and evidence', async () => {
    const page = desk.page;
    await signIn(page, 'tianshan');
    await page.getByTestId('nav-starApplications').click();
    await expect.poll(() => page.locator('#applications-title').innerText()).toBe('增星申请');
    await page.getByTestId('application-apply-open').click();
    await page.getByTestId('application-star').click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    starName = (await option.innerText()).trim();
    await option.click();
    await page.getByTestId('application-reason').fill('本年度未发生刑事案件，矛盾纠纷全部调处');
    await attachPhoto(page, 'application-evidence', '调处台账.png');
    await page.getByTestId('application-submit').click();
    const drawer = page.getByTestId('application-drawer');
    await expect.poll(() => drawer.getByTestId('application-steps').innerText(), { timeout: 15_000 }).toContain('提交增星申请');
    await expect.poll(() => drawer.getByTestId('application-state').innerText()).toBe('待乡镇核查');
    await screenshot(page, 'star-application-applied');
  });

  it('tuanjie passes the township check from its queue; the timeline shows the step', async () => {
    const page = desk.page;
    await signIn(page, 'tuanjie');
    await page.getByTestId('nav-starApplications').click();
    const row = page.getByTestId('application-table').locator('tr', { hasText: starName }).filter({ hasText: '天山路社区' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByTestId('application-act').click();
    const drawer = page.getByTestId('application-drawer');
    await drawer.getByTestId('application-step-check').click();
    await page.getByTestId('application-step-note').fill('经实地核查属实');
    await page.getByTestId('application-step-submit').click();
    await expect.poll(() => drawer.getByTestId('application-state').innerText(), { timeout: 15_000 }).toBe('待部门复核');
    await expect.poll(() => drawer.getByTestId('application-steps').innerText()).toContain('乡镇核查通过');
    await screenshot(page, 'star-application-checked');
  });

  it('tuanjie records this quarter’s check of 天山路社区', async () => {
    const page = desk.page;
    await page.goto(`${server.url}/star-checks`);
    await expect.poll(() => page.locator('#checks-title').innerText()).toContain('季度核查');
    const row = page.getByTestId('check-table').locator('tr', { hasText: '天山路社区' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByTestId('check-open').click();
    await page.getByTestId('check-overall-note').fill('本季度各项工作正常');
    await attachPhoto(page, 'check-evidence', '核查现场.png');
    await page.getByTestId('check-submit').click();
    await expect.poll(() => row.getByTestId('check-status').innerText(), { timeout: 15_000 }).toBe('已核查');
    expect(await row.getByTestId('check-open').count()).toBe(0);
    await screenshot(page, 'star-check-recorded');
  });
});
