// Stored text is shown as text: script payloads saved through the API in names, descriptions and
// titles (a resident, a service request, a notice, an event, a grid task) never run on the pages
// that show them — no window.__xss, no dialog — and appear literally. Swagger UI renders under
// the same strict Content-Security-Policy. One server, one browser, a handful of pages.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { signIn } from './support/pages.ts';

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=1">',
  'javascript:window.__xss=1',
] as const;
const ALL = PAYLOADS.join(' ');

let server: RunningServer;
let browser: LaunchedBrowser;
const dialogs: string[] = [];

type Session = { cookie: string; csrf: string };
async function apiSignIn(username: string): Promise<Session> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
async function post(s: Session, url: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${url}: ${text}`).toBe(201);
  return JSON.parse(text) as { id: string };
}

/** Ids by code, read from the server's own database file (the journeys run on SQLite). */
function idOf(table: 'org_nodes' | 'service_items', code: string): string {
  const db = new Database(path.join(server.dataDir, 'lingyan.sqlite'), { readonly: true });
  try {
    return (db.prepare(`select id from ${table} where code = ?`).get(code) as { id: string }).id;
  } finally {
    db.close();
  }
}

const made: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  browser.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const window = await apiSignIn('tianshan-window');
  const leader = await apiSignIn('tianshan');
  const grid1 = await apiSignIn('tianshan-grid1');
  const community = idOf('org_nodes', '654203002009');
  const grid = idOf('org_nodes', '654203002009001');
  made.resident = (await post(window, '/api/v1/residents', { gridId: grid, name: PAYLOADS[1] })).id;
  made.request = (
    await post(window, '/api/v1/service-requests', { orgId: community, itemId: idOf('service_items', 'JY-01'), visitorName: PAYLOADS[2], description: ALL })
  ).id;
  made.notice = (await post(leader, '/api/v1/notices', { orgId: community, title: PAYLOADS[0], body: ALL })).id;
  made.event = (await post(grid1, '/api/v1/events', { gridId: grid, description: ALL, address: PAYLOADS[3] })).id;
  made.task = (await post(leader, '/api/v1/grid-tasks', { orgId: community, title: PAYLOADS[1], description: ALL, dueDate: '2030-12-31' })).id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(url: string, shown: string) {
  const page = browser.page;
  await page.goto(`${server.url}${url}`);
  await expect.poll(() => page.getByText(shown, { exact: false }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  // Give any injected handler (img onerror, svg onload) its chance to run.
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), url).toBeUndefined();
  expect(await page.locator('a[href^="javascript:" i]').count(), url).toBe(0);
  expect(dialogs, url).toEqual([]);
}

describe('stored script payloads never run', () => {
  it('on a resident, a service request, a notice, an event and a grid task', async () => {
    await signIn(browser.page, server.url, 'tianshan');
    await visit(`/residents?resident=${made.resident}`, PAYLOADS[1]);
    await visit(`/service-requests/${made.request}`, PAYLOADS[0]);
    await visit(`/notices/${made.notice}`, PAYLOADS[0]);
    await visit(`/events/${made.event}`, PAYLOADS[2]);
    await visit(`/grid-tasks/${made.task}`, PAYLOADS[1]);
  });

  it('the served app page has no inline script and a CSP that forbids it', async () => {
    const res = await fetch(`${server.url}/residents`);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(tag).toMatch(/^<script\b[^>]*\bsrc=[^>]*>\s*<\/script>$/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('Swagger UI (signed in) renders under the strict Content-Security-Policy', async () => {
    const page = browser.page;
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${server.url}/api/docs`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self';");
    await expect.poll(() => page.locator('.swagger-ui .info .title').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });
});
