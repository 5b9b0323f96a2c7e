// The service hall end to end: the window worker receives a walk-in for 最低生活保障申请 with
// agency service (代办) and walks it through to a rating at the return visit; the community leader
// sees requests coloured by their clock on the overdue list or the board; a resident applies online
// on a phone, without an account, and follows the request by its number and the phone's last four.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { pick as pickOn, signIn as signInAs } from './support/pages.ts';

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

const signIn = (username: string) => signInAs(page, server.url, username);

/** Signs in through the API; returns a fetch bound to that session. */
async function apiAs(username: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return (path: string, method = 'GET', body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken, Cookie: cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** The shared picker (it picks again when a click is lost while the options load), on this file's page by default. */
const pick = (testId: string, typed: string, option: string | RegExp, on: Page = page): Promise<void> => pickOn(on, testId, typed, option);

/** Takes one step on the request page: its button, its form, OK; waits for the step in the timeline. */
async function step(action: string, fill: () => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await expect.poll(() => page.getByTestId(`action-form-${action}`).count()).toBe(1);
  await fill();
  await page.getByTestId('action-submit').click();
  // If the form stays open, say what it says (a validation message or the server's refusal).
  const formText = async () => ((await page.locator('.ant-modal:visible').count()) ? await page.locator('.ant-modal:visible').innerText() : '');
  await expect
    .poll(async () => ((await page.locator(`[data-testid=timeline-event][data-action="${action}"]`).count()) > 0 ? 'in the timeline' : await formText()), {
      timeout: 15_000,
    })
    .toBe('in the timeline');
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
}

describe('the service hall', () => {
  it('receives a walk-in at the window and serves it on the resident’s behalf to a rating', async () => {
    await signIn('tianshan-window');
    await page.getByTestId('nav-serviceDesk').click();
    await expect.poll(() => page.locator('#desk-title').innerText()).toBe('窗口受理');

    await pick('desk-resident', 'zs', '张三');
    await pick('desk-item', '最低生活', '最低生活保障申请');
    // What to bring, the flags and the due date show before saving.
    await expect.poll(() => page.getByTestId('desk-materials').innerText()).toContain('居民身份证');
    expect(await page.getByTestId('desk-item-card').innerText()).toContain('代办');
    await expect.poll(() => page.getByTestId('desk-due').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('desk-due').innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);
    await page.getByTestId('desk-description').fill('张三行动不便，申请低保，由社区代办');
    expect(await page.locator('input[data-testid=desk-walk-in], [data-testid=desk-walk-in] input').isChecked()).toBe(true);
    await screenshot(page, 'hall-desk');
    await page.getByTestId('desk-submit').click();

    await page.waitForURL(/\/service-requests\/[^/]+$/);
    await expect.poll(() => page.getByTestId('request-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('received');
    expect(await page.getByTestId('request-resident').innerText()).toBe('张三');
    expect(await page.getByTestId('request-trips').innerText()).toBe('1');

    await step('accept', async () => {});
    await step('authorize-agency', async () => {
      await page.getByTestId('action-authorize-agency-scope').fill('代为提交低保申请材料');
      await page.getByTestId('action-authorize-agency-validUntil').fill('2030-12-31');
    });
    await expect.poll(() => page.getByTestId('agency-authorizations').innerText()).toContain('代为提交低保申请材料');
    await step('agency-step', async () => {
      await page.getByTestId('action-agency-step-step').fill('代为向市民政局提交申请材料');
    });
    await step('complete', async () => {
      await page.getByTestId('action-complete-result').fill('已审批，下月起发放低保金');
    });
    await step('inform', async () => {});
    await step('trip', async () => {
      await page.getByTestId('action-trip-note').fill('到厅领取审批结果');
    });
    expect(await page.getByTestId('request-trips').innerText()).toBe('2');
    await step('rate', async () => {
      await pick('action-rate-rating', '', /^非常满意$/);
      await page.getByTestId('action-rate-comment').fill('社区代办，很省心');
    });
    await expect.poll(() => page.getByTestId('request-rating').innerText()).toBe('非常满意');
    expect(await page.getByTestId('request-state').getAttribute('data-state')).toBe('rated');
    await screenshot(page, 'hall-request-rated', { fullPage: true });

    // It is among "my requests" (the window worker handles it), and reads in English too.
    const number = await page.getByTestId('request-number').innerText();
    await page.getByTestId('nav-serviceMine').click();
    // Open ones by default; a rated request is among "all".
    await page.getByTestId('mine-open').getByText('全部').click();
    await expect.poll(() => page.locator('[data-testid=requests-table] [data-testid=request-link]', { hasText: number }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.locator('#requests-title').innerText()).toBe('My requests');
    await screenshot(page, 'hall-mine-english');
    await page.getByTestId('language-switch').getByText('中文').click();
  });

  it('shows the leader the requests by clock: overdue ones red, or warning ones amber', async () => {
    await signIn('tianshan');
    await page.getByTestId('nav-serviceOverdue').click();
    await expect.poll(() => page.locator('#requests-title').innerText()).toBe('超期督办');
    const rows = page.locator('[data-testid=requests-table] tr.ant-table-row');
    await expect.poll(() => page.locator('[data-testid=requests-table] .ant-spin-spinning').count(), { timeout: 15_000 }).toBe(0);
    if ((await rows.count()) > 0) {
      expect(await rows.first().getAttribute('data-clock')).toBe('overdue');
      const colour = await rows
        .first()
        .locator('td')
        .first()
        .evaluate((td) => getComputedStyle(td).backgroundColor);
      expect(colour).toBe('rgb(255, 241, 240)');
      await screenshot(page, 'hall-overdue');
      return;
    }
    // No overdue request in the demo: one received today shows amber once "warning" starts far enough ahead.
    const admin = await apiAs('admin');
    expect((await admin('/settings/service.clock', 'PUT', { value: { warnWorkingDays: 10 } })).status).toBe(200);
    const window = await apiAs('tianshan-window');
    const items = (await (await window('/service-items')).json()) as { items: { id: string; code: string; limitDays: number }[] };
    const quick = items.items.filter((i) => i.limitDays <= 5).at(0) ?? items.items[0]!;
    const me = (await (await window('/auth/me')).json()) as { scope: { id: string }[] };
    const orgId = me.scope[0]?.id;
    expect(orgId).toBeTruthy();
    const created = await window('/service-requests', 'POST', {
      orgId,
      itemId: quick.id,
      channel: 'phone',
      visitorName: '临期测试',
      contactPhone: '13800001234',
      description: '临期测试',
      walkIn: false,
    });
    expect(created.status).toBe(201);
    await page.getByTestId('nav-serviceBoard').click();
    await page.getByTestId('filter-clock').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '临期' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await rows.first().getAttribute('data-clock')).toBe('warning');
    const colour = await rows
      .first()
      .locator('td')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(colour).toBe('rgb(255, 251, 230)');
    await screenshot(page, 'hall-board-warning');
  });

  it('lets a resident apply online on a phone and follow the request by number and last four', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const p = phone.page;
      await p.goto(`${server.url}/public`);
      await expect.poll(() => p.getByTestId('public-item').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await screenshot(p, 'hall-public-catalog');
      await p.goto(`${server.url}/public/submit`);
      await pick('public-community', '天山路', '天山路社区', p);
      await pick('public-item-select', '高龄', '高龄津贴申请', p);
      await p.getByTestId('public-name').fill('网上申请人');
      await p.getByTestId('public-phone').fill('13912345678');
      await p.getByTestId('public-description').fill('想咨询办理进度，请社区联系我');
      await screenshot(p, 'hall-public-submit');
      await p.getByTestId('public-submit').click();
      await expect.poll(() => p.getByTestId('public-number').count(), { timeout: 15_000 }).toBe(1);
      const number = (await p.getByTestId('public-number').innerText()).trim();
      expect(number).toMatch(/^[A-Z0-9-]+$/);
      await screenshot(p, 'hall-public-number');

      await p.getByTestId('public-follow').click();
      await p.waitForURL(/\/public\/track/);
      expect(await p.getByTestId('public-track-number').inputValue()).toBe(number);
      // A wrong last four tells nothing; the right one shows the request.
      await p.getByTestId('public-track-last4').fill('0000');
      await p.getByTestId('public-track-submit').click();
      await expect.poll(() => p.getByTestId('public-track-error').count(), { timeout: 15_000 }).toBe(1);
      await p.getByTestId('public-track-last4').fill('5678');
      await p.getByTestId('public-track-submit').click();
      await expect.poll(() => p.getByTestId('public-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('received');
      expect(await p.getByTestId('public-step').count()).toBeGreaterThan(0);
      // One column on a phone: nothing wider than the screen.
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(p, 'hall-public-track', { fullPage: true });

      // The community handles it and tells the resident; the resident rates it with the same last four.
      const staff = await apiAs('tianshan-window');
      const found = (await (await staff(`/service-requests?q=${encodeURIComponent(number)}`)).json()) as { items: { id: string; number: string }[] };
      const id = found.items.find((r) => r.number === number)?.id;
      expect(id).toBeTruthy();
      for (const [action, body] of [
        ['accept', {}],
        ['complete', { result: '已电话联系并答复' }],
        ['inform', { method: 'phone' }],
      ] as const) {
        expect((await staff(`/service-requests/${id}/${action}`, 'POST', body)).status).toBe(200);
      }
      await p.getByTestId('public-track-submit').click();
      await expect.poll(() => p.getByTestId('public-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('informed');
      await p.locator('[data-testid=public-rate-form] label.ant-radio-button-wrapper', { hasText: /^满意$/ }).click();
      await p.getByTestId('public-rate-submit').click();
      await expect.poll(() => p.getByTestId('public-rating').count(), { timeout: 15_000 }).toBe(1);
      expect(await p.getByTestId('public-rating').innerText()).toContain('满意');
      await screenshot(p, 'hall-public-rated', { fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('shows the leader the figures and drills down to the requests behind a rate', async () => {
    await signIn('tianshan');
    await page.getByTestId('nav-serviceFigures').click();
    await expect.poll(() => page.locator('#figures-title').innerText()).toBe('服务效能');
    await expect.poll(() => page.getByTestId('figure-score').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid=counts-chart] canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'hall-figures', { fullPage: true });
    await page.getByTestId('figure-satisfactionRate').click();
    await page.waitForURL(/\/service-requests\/board\?.*metric=dissatisfied/);
    await expect.poll(() => page.locator('#requests-title').innerText()).toBe('办件看板');
    await screenshot(page, 'hall-board-dissatisfied');
  });

  it('lets the window transfer from a picker of valid targets, offers a visit’s outcome only with a visit scheduled, and names people in the timeline', async () => {
    const window = await apiAs('tianshan-window');
    const me = (await (await window('/auth/me')).json()) as { scope: { id: string }[] };
    const items = (await (await window('/service-items')).json()) as { items: { id: string }[] };
    const created = await window('/service-requests', 'POST', {
      orgId: me.scope[0]!.id,
      itemId: items.items[0]!.id,
      channel: 'phone',
      visitorName: '转办测试',
      contactPhone: '13800004321',
      description: '需要上门核实的诉求',
      walkIn: false,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await signIn('tianshan-window');
    await page.goto(`${server.url}/service-requests/${id}`);
    await expect.poll(() => page.getByTestId('request-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('received');
    // The timeline names the person and their community, not the username.
    expect(await page.getByTestId('timeline-actor').first().innerText()).toBe('天山路社区窗口（天山路社区）');
    // No visit scheduled: no "record visit outcome".
    expect(await page.getByTestId('action-record-visit').count()).toBe(0);

    await page.getByTestId('action-transfer').click();
    await expect.poll(() => page.getByTestId('action-form-transfer').count()).toBe(1);
    // The picker lists who may take it (the township officer, the grid worker), never the caller; and the township and city.
    await page.getByTestId('action-transfer-toUserId').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const people = await options.allInnerTexts();
    expect(people.some((o) => o.includes('团结街道办'))).toBe(true);
    expect(people.some((o) => o.startsWith('天山路社区窗口'))).toBe(false);
    // Many grid workers may take it: search for the one meant (the list shows a window of its options).
    await page.keyboard.type('第一网格网格员');
    await options.filter({ hasText: '天山路社区第一网格网格员' }).first().click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await pick('action-transfer-toOrgId', '', /团结街道/);
    await screenshot(page, 'hall-transfer-picker');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.locator('[data-testid=timeline-event][data-action="transfer"]').count(), { timeout: 15_000 }).toBe(1);

    // A visit scheduled (by the API): the step appears; once recorded, it is gone again.
    const grid1 = ((await (await window(`/service-requests/${id}/transfer-targets`)).json()) as { users: { id: string; displayName: string }[] }).users.find(
      (u) => u.displayName === '天山路社区第一网格网格员',
    )!;
    expect((await window(`/service-requests/${id}/schedule-visit`, 'POST', { scheduledFor: '2030-01-02', assigneeId: grid1.id })).status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId('action-record-visit').count(), { timeout: 15_000 }).toBe(1);
    await step('record-visit', async () => {
      await pick('action-record-visit-visitId', '', '2030-01-02');
      await page.getByTestId('action-record-visit-outcome').fill('已上门核实情况');
    });
    expect(await page.getByTestId('action-record-visit').count()).toBe(0);
  });

  it('lets a grid worker receive for a resident of their grid: filed at the community, by the grid-worker channel, theirs', async () => {
    await signIn('tianshan-grid1');
    await page.getByTestId('nav-serviceDesk').click();
    await expect.poll(() => page.getByTestId('desk-grid-hint').count(), { timeout: 15_000 }).toBe(1);
    await pick('desk-resident', 'zs', '张三');
    await pick('desk-item', '高龄', '高龄津贴申请');
    await page.getByTestId('desk-description').fill('入户走访时张三提出申请高龄津贴');
    await screenshot(page, 'hall-desk-grid');
    await page.getByTestId('desk-submit').click();
    await page.waitForURL(/\/service-requests\/[^/]+$/);
    await expect.poll(() => page.getByTestId('request-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('received');
    expect(await page.locator('#request-title').innerText()).toContain('高龄津贴申请');
    expect(await page.getByTestId('request-page').innerText()).toContain('网格员代收');
    expect(await page.getByTestId('request-page').innerText()).toContain('天山路社区');
    // Theirs to work on: the first steps are offered.
    await expect.poll(() => page.getByTestId('action-accept').count()).toBe(1);
  });

  it('lets the city keep the service catalog: add an item, then take it out of service', async () => {
    await signIn('city');
    await page.getByTestId('nav-serviceCatalog').click();
    await expect.poll(() => page.locator('#catalog-title').innerText()).toBe('服务事项目录');
    await expect.poll(() => page.locator('[data-testid=catalog-table] tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('catalog-create').click();
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    await page.getByTestId('catalog-code').fill(code);
    await page.getByTestId('catalog-name').fill('残疾人两项补贴申请');
    await page.getByTestId('catalog-category').fill('残疾人服务');
    await page.getByTestId('catalog-department').fill('市残联');
    await page.getByTestId('catalog-materials').click();
    for (const m of ['居民身份证', '残疾人证']) {
      await page.keyboard.type(m);
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('catalog-legal-basis').fill('《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》');
    await page.getByTestId('catalog-limit-days').fill('10');
    await page.getByTestId('catalog-flag-homeVisit').click();
    await screenshot(page, 'hall-catalog-new');
    await page.getByTestId('catalog-submit').click();
    const row = page.locator(`[data-testid=catalog-table] tr[data-code="${code}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.innerText()).toContain('上门');
    const city = await apiAs('city');
    const saved = (
      (await (await city('/service-items')).json()) as { items: { code: string; materials: string[]; limitDays: number; homeVisit: boolean }[] }
    ).items.find((i) => i.code === code);
    expect(saved).toMatchObject({ materials: ['居民身份证', '残疾人证'], limitDays: 10, homeVisit: true });

    await page.getByTestId(`catalog-edit-${code}`).click();
    await page.getByTestId('catalog-active').click();
    await page.getByTestId('catalog-submit').click();
    await expect.poll(() => row.getAttribute('data-active'), { timeout: 15_000 }).toBe('false');
    expect(await row.innerText()).toContain('停用');
    await screenshot(page, 'hall-catalog');
  });

  it('reminds the city to confirm next year’s calendar and lists the year’s exceptions', async () => {
    await signIn('city');
    const status = (await (await (await apiAs('city'))('/calendar/status')).json()) as { today: string; nextYear: number; nextYearConfirmed: boolean };
    await page.goto(`${server.url}/home`);
    const banner = page.getByTestId('calendar-banner');
    if (!status.nextYearConfirmed && Number(status.today.slice(5, 7)) >= 11) {
      await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
      await screenshot(page, 'hall-calendar-banner');
      await banner.getByRole('link').click();
    } else {
      await page.getByTestId('nav-calendar').click();
    }
    await expect.poll(() => page.locator('#calendar-title').innerText()).toBe('工作日历');
    await expect.poll(() => page.locator('[data-testid=calendar-days] tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'hall-calendar', { fullPage: true });
  });
});
