import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let dist: string;
beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>领雁</title><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  t = await createTestApp({ demo: false, webDistDir: dist });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('the root serves the app page', async () => {
    const res = await t.anonymous.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>领雁</title>');
  });

  it('client-side routes get the app page, with a strict CSP', async () => {
    const res = await t.anonymous.get('/users');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<title>领雁</title>');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('hashed assets are served as immutable; a missing file is a 404, not the app page', async () => {
    const asset = await t.anonymous.get('/assets/app-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await t.anonymous.get('/assets/gone-999.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/json');
  });

  it('an unknown API path stays a JSON 404', async () => {
    expect((await t.anonymous.get('/api/v1/unknown')).json().error.code).toBe('NOT_FOUND');
  });
});
