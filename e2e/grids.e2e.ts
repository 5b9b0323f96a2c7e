// Grids end to end: the township leader of 团结街道 opens the grid map, sees every grid of the
// township drawn from its boundary and coloured by visit coverage, clicks a grid on the map to open
// it, and tries to move its boundary over the neighbour's: the editor says where they overlap and
// the server refuses the change with the message, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoundaryGeometry, GridDetail, GridMap } from '@lingyan/shared';
import { DEMO_PASSWORD, launchBrowser, screenshot, startServer, type LaunchedBrowser, type RunningServer } from './support/index.ts';
import { signIn as signInAs } from './support/pages.ts';

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

/** Signs in through the API; returns a GET bound to that session. */
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
  return async <T>(path: string): Promise<T> => (await (await fetch(`${server.url}/api/v1${path}`, { headers: { Cookie: cookie } })).json()) as T;
}

describe('the grid map', () => {
  it('shows 团结街道’s grids coloured by coverage; a click on a grid opens it; an overlapping edit is refused', async () => {
    const get = await apiAs('tuanjie');
    const map = await get<GridMap>('/grids/map?figure=coverage');
    const grid1 = map.features.find((f) => f.properties.code === '654203002009001')!;
    expect(map.features.length).toBeGreaterThan(10);
    expect(map.features.every((f) => f.geometry)).toBe(true);

    await signIn('tuanjie');
    await page.getByTestId('nav-grids').click();
    await expect.poll(() => page.locator('#grids-title').innerText()).toBe('网格地图');
    const chart = page.getByTestId('grid-map');
    await expect.poll(() => chart.getAttribute('data-figure')).toBe('coverage');
    // Every grid of the township is drawn (its centre is on the map) and listed with its coverage.
    await expect
      .poll(async () => Object.keys(JSON.parse((await chart.getAttribute('data-centres')) ?? '{}')).length, { timeout: 15_000 })
      .toBe(map.features.length);
    await expect.poll(() => page.getByTestId('grid-table').locator('tbody tr').count()).toBe(Math.min(map.features.length, 50));
    await expect.poll(() => page.getByTestId('grid-table').innerText()).toMatch(/\d+\.\d%/);
    await screenshot(page, 'grids-map-coverage');

    // Click 天山路社区第一网格 where the map draws it.
    const centres = JSON.parse((await chart.getAttribute('data-centres'))!) as Record<string, [number, number]>;
    const box = (await chart.boundingBox())!;
    const [x, y] = centres[grid1.id]!;
    await page.mouse.click(box.x + x, box.y + y);
    await page.waitForURL((url) => url.pathname === `/grids/${grid1.id}`);
    await expect.poll(() => page.locator('#grid-title').innerText()).toBe('天山路社区第一网格');
    await expect.poll(() => page.getByTestId('people-workers').innerText()).toContain('网格员');

    // Draw the first grid over the second: the editor says where, the server refuses, nothing changes.
    const detail = await get<GridDetail>(`/grids/${grid1.id}`);
    const second = detail.neighbours.find((n) => n.code === '654203002009002')!;
    await page.getByTestId('boundary-geojson').fill(JSON.stringify(second.boundary));
    await page.getByTestId('boundary-apply').click();
    await expect.poll(() => page.getByTestId('overlap-warning').first().innerText()).toContain('天山路社区第二网格');
    await expect.poll(() => page.getByTestId('overlap-box').count()).toBeGreaterThan(0);
    await page.getByTestId('boundary-save').click();
    await expect.poll(() => page.getByTestId('boundary-error').innerText()).toContain('网格边界重叠');
    const message = await page.getByTestId('boundary-error').innerText();
    expect(message).toContain('天山路社区第一网格');
    expect(message).toContain('天山路社区第二网格');
    await screenshot(page, 'grids-overlap-refused', { fullPage: true });
    const after = await get<GridDetail>(`/grids/${grid1.id}`);
    expect(after.boundary as BoundaryGeometry).toEqual(detail.boundary);
  });
});
