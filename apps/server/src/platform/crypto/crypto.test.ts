import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeCryptoProvider } from './node-provider.ts';
import { loadMasterKey } from './keys.ts';

const key = randomBytes(32);

describe.each(['aes', 'sm'] as const)('crypto provider (%s)', (suite) => {
  const p = createNodeCryptoProvider(key, suite);

  it('round-trips a field, with a fresh ciphertext each time', () => {
    const a = p.encrypt('654202199001011234', 'resident.idNumber');
    const b = p.encrypt('654202199001011234', 'resident.idNumber');
    expect(a).not.toBe(b);
    expect(a).not.toContain('6542021990');
    expect(p.decrypt(a, 'resident.idNumber')).toBe('654202199001011234');
  });

  it('refuses a tampered ciphertext and one moved to another field', () => {
    const c = p.encrypt('13812341234', 'resident.phone');
    const parts = c.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => p.decrypt(parts.join('.'), 'resident.phone')).toThrow();
    expect(() => p.decrypt(c, 'resident.idNumber')).toThrow();
  });

  it('blind indexes are deterministic, keyed and separated by domain', () => {
    expect(p.blindIndex('13812341234', 'phone')).toBe(p.blindIndex('13812341234', 'phone'));
    expect(p.blindIndex('13812341234', 'phone')).not.toBe(p.blindIndex('13812341234', 'idNumber'));
    expect(createNodeCryptoProvider(randomBytes(32), suite).blindIndex('13812341234', 'phone')).not.toBe(p.blindIndex('13812341234', 'phone'));
  });

  it('MACs verify and fail on any change', () => {
    const tag = p.mac('row-1');
    expect(tag.startsWith(suite === 'sm' ? 'hmac-sm3:' : 'hmac-sha256:')).toBe(true);
    expect(p.verifyMac('row-1', tag)).toBe(true);
    expect(p.verifyMac('row-2', tag)).toBe(false);
  });
});

describe('suites read each other', () => {
  it('data written under AES is still read after switching to SM, and the reverse', () => {
    const aes = createNodeCryptoProvider(key, 'aes');
    const sm = createNodeCryptoProvider(key, 'sm');
    expect(sm.decrypt(aes.encrypt('x', 'f'), 'f')).toBe('x');
    expect(aes.decrypt(sm.encrypt('y', 'f'), 'f')).toBe('y');
  });
});

describe('master key', () => {
  it('is created once with mode 600 and read back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-key-'));
    const first = loadMasterKey(dir, null);
    const file = path.join(dir, 'keys', 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(dir, null).equals(first)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('comes from the environment when given, and must be 32 bytes', () => {
    const k = randomBytes(32);
    expect(loadMasterKey('/nonexistent', k.toString('base64')).equals(k)).toBe(true);
    expect(() => loadMasterKey('/nonexistent', randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
