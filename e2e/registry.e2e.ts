// The registry end to end: a window worker imports residents from a spreadsheet (a bad row is
// shown with its row number and reason, the fixed file goes in), finds 张三 by his initials and
// reveals his ID number with a reason (shown for a few seconds, then masked again); the auditor
// finds that reveal and its reason in the audit log; a grid worker on a phone sees cards.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { checkCharacter, translate } from '@lingyan/shared';
import { artifactPath, DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { signIn as signInAs } from './support/pages.ts';

const GRID_CODE = '654203002009001'; // 天山路社区第一网格
const REVEAL_SECONDS = 5;

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = browser.page;
  await shortenReveal();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** As the system administrator, through the API: revealed values stay on screen for 5 s instead of 30. */
async function shortenReveal(): Promise<void> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const put = await fetch(`${server.url}/api/v1/settings/registry.reveal`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken, Cookie: cookie },
    body: JSON.stringify({ value: { showSeconds: REVEAL_SECONDS } }),
  });
  expect(put.status).toBe(200);
}

// Whoever was signed in before (a test that failed half-way) is forgotten.
const signIn = (username: string, target = page) => signInAs(target, server.url, username);

async function signOut(): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-logout').click();
  await page.waitForURL('**/login');
}

/** An ID number of Shawan (654203) with the right check character, or a wrong one. */
function idNumber(birth: string, seq: string, wrongCheck = false): string {
  const first17 = `654203${birth}${seq}`;
  const check = checkCharacter(first17);
  if (!wrongCheck) return first17 + check;
  return first17 + (check === '1' ? '2' : '1');
}

type Person = { name: string; idNumber: string; phone: string };

/** A spreadsheet with the template's own header row and one row per person. */
async function residentFile(headers: string[], people: Person[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('居民信息');
  sheet.addRow(headers);
  const valueOf = (header: string, p: Person): string => {
    switch (header.replace(/\*$/, '')) {
      case '姓名':
        return p.name;
      case '公民身份号码':
        return p.idNumber;
      case '联系电话':
        return p.phone;
      case '民族':
        return '汉族';
      case '网格编码':
        return GRID_CODE;
      case '户籍类型':
        return '本地户籍';
      case '标签':
        return '';
      default:
        return '';
    }
  };
  for (const p of people) sheet.addRow(headers.map((h) => valueOf(h, p)));
  // Text cells, as the template asks: Excel would turn an 18-digit number into 6.54203E+17.
  sheet.eachRow((row) => row.eachCell((cell) => (cell.numFmt = '@')));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(name: string, buffer: Buffer): Promise<void> {
  await page.locator('.ant-upload input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
}

const tableRows = (testId: string) => page.locator(`[data-testid=${testId}] tr.ant-table-row`);

describe('the registry', () => {
  // Unusual birth dates and sequence numbers: no seeded resident has these ID numbers.
  const people: Person[] = [
    { name: '导入测试甲', idNumber: idNumber('19310105', '901'), phone: '13899001001' },
    { name: '导入测试乙', idNumber: idNumber('19310106', '902', true), phone: '13899001002' },
    { name: '导入测试丙', idNumber: idNumber('19310107', '903'), phone: '13899001003' },
  ];

  it('lets the window worker import residents: the bad row is named, the fixed file goes in', async () => {
    await signIn('tianshan-window');
    await page.getByTestId('nav-imports').click();
    await page.waitForURL('**/imports');
    await expect.poll(() => page.locator('#imports-title').innerText()).toBe('导入居民');

    // Step 1: the template downloads, and its header row is what the file below uses.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const templatePath = await artifactPath('registry-import-template', '.xlsx');
    await download.saveAs(templatePath);
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await fs.readFile(templatePath)) as unknown as ArrayBuffer);
    const headerRow = template.worksheets[0]!.getRow(1);
    const headers: string[] = [];
    headerRow.eachCell({ includeEmpty: false }, (cell) => headers.push(String(cell.value)));
    expect(headers.map((h) => h.replace(/\*$/, ''))).toEqual(expect.arrayContaining(['姓名', '公民身份号码', '网格编码']));
    await page.locator('.import-columns summary').click();
    await screenshot(page, 'registry-import-template');

    // Steps 2–4: upload, check, and the preview names the bad row (data row 2 = spreadsheet row 3).
    await upload('居民-有误.xlsx', await residentFile(headers, people));
    const errorRows = tableRows('import-errors');
    await expect.poll(() => errorRows.count(), { timeout: 30_000 }).toBe(1);
    expect(await errorRows.first().getByTestId('import-error-row').innerText()).toBe('3');
    const reason = await errorRows.first().getByTestId('import-error-reason').innerText();
    expect(reason).toContain('校验码');
    expect(await errorRows.first().innerText()).toContain('公民身份号码');
    await screenshot(page, 'registry-import-errors');

    // Fix the file and upload it again: clean, so it can be committed.
    const fixed = people.map((p, i) => (i === 1 ? { ...p, idNumber: idNumber('19310106', '902') } : p));
    await page.getByTestId('import-restart').click();
    await upload('居民-已修改.xlsx', await residentFile(headers, fixed));
    await expect.poll(() => page.getByTestId('import-ready').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('import-ready').innerText()).toContain('3');
    await screenshot(page, 'registry-import-ready');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-done').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('import-done').innerText()).toContain('已导入 3 名居民');
    await screenshot(page, 'registry-import-done');

    // The residents are in the list.
    await page.getByTestId('import-to-residents').click();
    await page.waitForURL('**/residents');
    await page.getByTestId('resident-search').locator('input').fill('导入测试');
    await page.getByTestId('resident-search').locator('input').press('Enter');
    const names = page.locator('[data-testid=residents-table] [data-testid=resident-name]');
    await expect.poll(async () => (await names.allInnerTexts()).sort(), { timeout: 15_000 }).toEqual(['导入测试丙', '导入测试乙', '导入测试甲']);
    // Masked in the list.
    expect(await tableRows('residents-table').first().innerText()).toMatch(/6542\*+\d{3}[\dX]/);
  });

  it('finds 张三 by his initials and shows his ID number for a few seconds, with a reason', async () => {
    const search = page.getByTestId('resident-search').locator('input');
    await search.fill('zs');
    await search.press('Enter');
    const zhangsan = page.locator('[data-testid=residents-table] [data-testid=resident-name]', { hasText: /^张三$/ });
    await expect.poll(() => zhangsan.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'registry-residents-zs');
    await zhangsan.first().click();

    const drawer = page.getByTestId('resident-drawer');
    await expect.poll(() => drawer.getByTestId('resident-drawer-name').innerText(), { timeout: 15_000 }).toBe('张三');
    const masked = drawer.getByTestId('masked-idNumber');
    expect(await masked.innerText()).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);

    await drawer.getByTestId('reveal-idNumber').click();
    // The reason is required and needs two characters.
    await page.getByTestId('reveal-submit').click();
    await expect.poll(() => page.locator('[role=dialog] .ant-form-item-explain').innerText()).toContain('请填写查看事由');
    await page.getByTestId('reveal-reason').fill('核');
    await page.getByTestId('reveal-submit').click();
    await expect.poll(() => page.locator('[role=dialog] .ant-form-item-explain').innerText()).toContain('至少 2 个字');
    await page.getByTestId('reveal-reason').fill('核对高龄补贴申请人身份');
    await page.getByTestId('reveal-submit').click();

    const revealed = drawer.getByTestId('revealed-idNumber');
    await expect.poll(() => revealed.count(), { timeout: 10_000 }).toBe(1);
    expect(await revealed.innerText()).toMatch(/^\d{17}[\dX]$/);
    expect(await drawer.getByTestId('reveal-countdown-idNumber').innerText()).toMatch(/^\d+ 秒后隐藏$/);
    await screenshot(page, 'registry-reveal-shown');
    // Masked again once the time is up.
    await expect.poll(() => revealed.count(), { timeout: (REVEAL_SECONDS + 5) * 1000 }).toBe(0);
    expect(await drawer.getByTestId('masked-idNumber').innerText()).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);

    // The household card of 张三.
    await drawer.getByTestId('resident-household-link').click();
    await page.waitForURL('**/households/**');
    await expect.poll(() => page.getByTestId('household-member').allInnerTexts(), { timeout: 15_000 }).toContain('张三');
    await screenshot(page, 'registry-household-card');
    await signOut();
  });

  it('shows the auditor the reveal and its reason', async () => {
    await signIn('auditor');
    await page.waitForURL('**/audit');
    await page.getByTestId('audit-filter-actor').fill('tianshan-window');
    await page.getByTestId('audit-filter-submit').click();
    const rows = tableRows('audit-table');
    // The action's name as the audit page shows it, from the catalog.
    const reveal = rows.filter({ hasText: translate('zh-CN', 'audit.action.resident.reveal') });
    await expect.poll(() => reveal.count(), { timeout: 15_000 }).toBe(1);
    await reveal.first().locator('.ant-table-row-expand-icon').click();
    const details = page.locator('.ant-table-expanded-row:visible');
    await expect.poll(() => details.innerText()).toContain('核对高龄补贴申请人身份');
    expect(await details.innerText()).toContain('idNumber');
    await screenshot(page, 'registry-audit-reveal');
    await signOut();
  });

  it('gives the grid worker cards on a phone', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const p = phone.page;
      await signIn('tianshan-grid1', p);
      await p.getByTestId('open-menu').click();
      // No import for a grid worker.
      await expect.poll(() => p.getByTestId('nav-residents').count()).toBe(1);
      expect(await p.getByTestId('nav-imports').count()).toBe(0);
      await p.getByTestId('nav-residents').click();
      await p.waitForURL('**/residents');
      const cards = p.getByTestId('resident-card');
      await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await p.getByTestId('residents-table').count()).toBe(0);
      // Nothing wider than the phone.
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(p, 'registry-phone-residents', { fullPage: false });
      await cards.first().click();
      await expect.poll(() => p.getByTestId('resident-drawer-name').count(), { timeout: 15_000 }).toBe(1);
      await screenshot(p, 'registry-phone-resident', { fullPage: false });
    } finally {
      await phone.close();
    }
  });
});
