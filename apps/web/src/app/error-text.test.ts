import { beforeAll, describe, expect, it } from 'vitest';
import { catalog, LOCALES } from '@lingyan/shared';
import { ApiError, NETWORK_ERROR } from './api-client.ts';
import { errorText } from './error-text.ts';
import { installMessages } from './messages.ts';

// The browser gets each language from the build plugin; here the same flat maps from the catalog.
beforeAll(() => {
  for (const locale of LOCALES) installMessages(locale, Object.fromEntries(Object.entries(catalog).map(([k, v]) => [k, v[locale]])));
});

describe('error messages', () => {
  it('come from the catalog by code, with the details filling the placeholders', () => {
    expect(errorText('zh-CN', new ApiError(401, 'AUTH_INVALID_CREDENTIALS', 'x'))).toBe('用户名或密码错误');
    expect(errorText('en', new ApiError(401, 'AUTH_INVALID_CREDENTIALS', 'x'))).toBe('Wrong username or password');
    expect(errorText('zh-CN', new ApiError(423, 'AUTH_LOCKED', 'x', { minutes: 15 }))).toBe('登录失败次数过多，账号已锁定，请于 15 分钟后再试');
  });

  it("fall back to the server's message for unknown codes or unfilled placeholders", () => {
    expect(errorText('zh-CN', new ApiError(409, 'SOMETHING_NEW', '服务器的说明'))).toBe('服务器的说明');
    expect(errorText('zh-CN', new ApiError(422, 'PASSWORD_POLICY_VIOLATION', '密码至少 12 位', { failed: ['minLength'] }))).toBe('密码至少 12 位');
  });

  it('name a network failure as such', () => {
    expect(errorText('zh-CN', new ApiError(0, NETWORK_ERROR, 'Failed to fetch'))).toBe('无法连接服务器，请检查网络后重试');
    expect(errorText('en', new Error('boom'))).toBe('Something went wrong; try again later');
  });
});
