import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@lingyan/shared';
import { createTestApp, type TestApp, type Client } from '../../test/harness.ts';

let t: TestApp;
let admin: Client;
let userCount: () => Promise<number>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  userCount = async () =>
    Number(
      (
        await t.runtime.ctx.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
});
afterAll(() => t.close());

describe('bad input gets a coded 4xx and changes nothing', () => {
  it.each([
    ['malformed JSON', '{"username": "x",', 'application/json', 400, 'MALFORMED_JSON'],
    ['an empty JSON body', '', 'application/json', 400, 'MALFORMED_JSON'],
    ['an unsupported content type', 'username=x', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('%s', async (_name, payload, type, status, code) => {
    const before = await userCount();
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'content-type': type } });
    expect(login.statusCode).toBe(status);
    expect(login.json().error.code).toBe(code);
    expect(login.json().error.message).toBeTruthy();
    expect(await userCount()).toBe(before);
  });

  it('an oversized body is 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it.each([
    ['an unknown field', { username: 'valid-name', displayName: 'A', password: 'Good-Password-1', isAdmin: true }],
    ['a wrong type', { username: 42, displayName: 'A', password: 'Good-Password-1' }],
    ['a missing field', { username: 'valid-name', password: 'Good-Password-1' }],
    ['a username with forbidden characters', { username: 'Robert"); DROP TABLE users;--', displayName: 'A', password: 'Good-Password-1' }],
    ['a huge string', { username: 'valid-name', displayName: '长'.repeat(10_000), password: 'Good-Password-1' }],
  ])('%s is a 400 with details, and no user is created', async (_name, body) => {
    const before = await userCount();
    const res = await admin.post('/api/v1/users', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Array.isArray(res.json().error.details)).toBe(true);
    expect(await userCount()).toBe(before);
  });

  it('a NUL character anywhere in the input is a 400 and writes nothing (PostgreSQL answered 500; found by the fuzzer)', async () => {
    const before = await userCount();
    const res = await admin.post('/api/v1/users', { username: 'nul-user', displayName: 'a\u0000b', password: 'Good-Password-1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details[0].path).toBe('/body/displayName');
    expect(await userCount()).toBe(before);
    const query = await admin.get('/api/v1/users?q=a%00b');
    expect(query.statusCode).toBe(400);
    expect(query.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('bad query parameters are a 400, not a 500', async () => {
    const city = await t.login('city');
    for (const q of ['page=0', 'page=abc', 'pageSize=101', 'pageSize=-1', 'page=1e9']) {
      const res = await city.get(`/api/v1/orgs?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('a path that is not valid percent-encoding, or a path id past the router limit, gets a coded answer (found by the fuzzer)', async () => {
    const city = await t.login('city');
    const bad = await city.get('/api/v1/orgs/x%ED%A0%80y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    expect(bad.json().error.message).toBeTruthy();
    const long = await city.get(`/api/v1/orgs/${'a'.repeat(300)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json().error).toEqual({ code: 'URI_TOO_LONG', message: '请求地址过长' });
  });

  it('unknown API paths are a JSON 404; messages follow the language asked for', async () => {
    const zh = await t.anonymous.get('/api/v1/nothing-here');
    expect(zh.statusCode).toBe(404);
    expect(zh.json().error).toEqual({ code: 'NOT_FOUND', message: '找不到请求的内容' });
    const en = await t.anonymous.get('/api/v1/nothing-here', { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Not found');
  });

  it('every error code has a status and a message in both languages', async () => {
    const { catalog } = await import('@lingyan/shared');
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(catalog[`error.${code}`]?.['zh-CN'], code).toBeTruthy();
      expect(catalog[`error.${code}`]?.en, code).toBeTruthy();
    }
  });
});

describe('health and docs', () => {
  it('GET /api/health is ok; the OpenAPI 3.1 document lists the routes with their schemas', async () => {
    expect((await t.anonymous.get('/api/health')).json()).toEqual({ status: 'ok' });
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    expect(Object.keys(doc.paths)).toContain('/api/v1/orgs/{id}');
  });

  it('answers carry security headers', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
