import { describe, expect, it } from 'vitest';
import { buildHeaders, buildUrl } from './api-client.ts';

describe('API requests', () => {
  it('always say the language, and send the CSRF token on every non-GET request only', () => {
    expect(buildHeaders('GET', false, 'en', 'tok')).toEqual({ Accept: 'application/json', 'Accept-Language': 'en' });
    expect(buildHeaders('POST', true, 'zh-CN', 'tok')).toEqual({
      Accept: 'application/json',
      'Accept-Language': 'zh-CN',
      'Content-Type': 'application/json',
      'X-CSRF-Token': 'tok',
    });
    expect(buildHeaders('DELETE', false, 'zh-CN', 'tok')['X-CSRF-Token']).toBe('tok');
    expect(buildHeaders('POST', false, 'zh-CN', null)['X-CSRF-Token']).toBeUndefined();
  });

  it('leave empty filters out of the query string', () => {
    expect(buildUrl('/users', { q: '', page: 2, pageSize: 20, status: undefined, x: null })).toBe('/api/v1/users?page=2&pageSize=20');
    expect(buildUrl('/orgs')).toBe('/api/v1/orgs');
    expect(buildUrl('/audit', { actor: '王 五' })).toBe('/api/v1/audit?actor=%E7%8E%8B+%E4%BA%94');
  });
});
