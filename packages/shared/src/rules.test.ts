import { describe, expect, it } from 'vitest';
import { checkPassword, DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import { negotiateLocale, translate } from './i18n/index.ts';
import { rolePermissionProblem, separationConflict, DEFAULT_ROLE_PERMISSIONS, ADMIN_ONLY_PERMISSIONS, ROLES } from './roles.ts';
import { childPath, idsOfPath, isWithinPath } from './org.ts';

describe('password policy', () => {
  it.each([
    ['Lingyan-Demo-2026!', 'tianshan', []],
    ['short1A!', 'x', ['minLength']],
    ['alllowercaseletters', 'x', ['minClasses']],
    ['Tianshan-2027-pass', 'tianshan', ['containsUsername']],
    ['abc', 'x', ['minLength', 'minClasses']],
  ])('%s for %s fails %j', (pw, user, failed) => {
    expect(checkPassword(pw, user, DEFAULT_PASSWORD_POLICY)).toEqual(failed);
  });

  it('counts characters, not bytes', () => {
    expect(checkPassword('领雁领雁领雁领雁A1', 'x', { minLength: 10, minClasses: 2, forbidUsername: false })).toEqual([]);
  });
});

describe('locale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, en;q=0.5, zh;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
    ['en;q=0.2, zh;q=0.1', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('translates with placeholders and falls back to the key', () => {
    expect(translate('zh-CN', 'error.AUTH_LOCKED', { minutes: 15 })).toBe('登录失败次数过多，账号已锁定，请于 15 分钟后再试');
    expect(translate('en', 'error.AUTH_LOCKED', { minutes: 15 })).toContain('15 minutes');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});

describe('separation of the three administrators', () => {
  it.each([
    [[], 'auditor', null],
    [['auditor'], 'auditor', null],
    [['auditor'], 'city-admin', 'separated-admin'],
    [['community-leader'], 'security-admin', 'separated-admin'],
    [['community-leader'], 'window-worker', null],
    [['system-admin'], 'security-admin', 'separated-admin'],
  ] as const)('holding %j, adding %s → %s', (held, role, result) => {
    expect(separationConflict(held, role)).toBe(result);
  });

  it('business roles never hold administrator permissions by default, and may not be given them', () => {
    for (const role of ROLES.filter((r) => !['system-admin', 'security-admin', 'auditor'].includes(r))) {
      expect(
        DEFAULT_ROLE_PERMISSIONS[role].filter((p) => ADMIN_ONLY_PERMISSIONS.includes(p)),
        role,
      ).toEqual([]);
    }
    expect(rolePermissionProblem('grid-worker', ['org:read', 'audit:read'])).toBe('admin-permission');
    expect(rolePermissionProblem('auditor', ['audit:read'])).toBe('fixed-role');
    expect(rolePermissionProblem('grid-worker', ['org:read'])).toBeNull();
  });

  it('the auditor reads only the audit log', () => {
    expect(DEFAULT_ROLE_PERMISSIONS.auditor).toEqual(['audit:read']);
  });
});

describe('materialized paths', () => {
  it('build, split and nest', () => {
    const a = childPath(null, 'a');
    const b = childPath(a, 'b');
    expect([a, b]).toEqual(['/a/', '/a/b/']);
    expect(idsOfPath(b)).toEqual(['a', 'b']);
    expect(isWithinPath(b, a)).toBe(true);
    expect(isWithinPath(a, b)).toBe(false);
    expect(isWithinPath('/ab/', '/a/')).toBe(false);
  });
});
