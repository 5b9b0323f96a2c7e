import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { randomBytesPooled } from '../random.ts';
import type { CryptoProvider } from './provider.ts';

type Keys = { enc: Buffer; idx: Buffer; mac: Buffer; smEnc: Buffer; smMac: Buffer };

function deriveKeys(master: Buffer, suite: 'aes' | 'sm'): Keys {
  const digest = suite === 'sm' ? 'sm3' : 'sha256';
  const k = (info: string, len: number, d = digest) => Buffer.from(hkdfSync(d, master, Buffer.alloc(0), `lingyan:${info}`, len));
  return {
    enc: k('enc:aes', 32, 'sha256'),
    idx: k('blind-index', 32),
    mac: k('audit-mac', 32),
    smEnc: k('enc:sm4', 16, 'sm3'),
    smMac: k('enc:sm4-mac', 32, 'sm3'),
  };
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** node:crypto implementation: AES-256-GCM + HMAC-SHA-256, or SM4-CTR + HMAC-SM3 (encrypt-then-MAC). */
export function createNodeCryptoProvider(masterKey: Buffer, suite: 'aes' | 'sm' = 'aes'): CryptoProvider {
  if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes');
  const keys = deriveKeys(masterKey, suite);
  const hmacAlg = suite === 'sm' ? 'sm3' : 'sha256';
  const macTag = suite === 'sm' ? 'hmac-sm3' : 'hmac-sha256';

  const encAes = (plain: string, ctx: string) => {
    const iv = randomBytesPooled(12);
    const c = createCipheriv('aes-256-gcm', keys.enc, iv);
    c.setAAD(Buffer.from(ctx));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1.aes256gcm.${b64(iv)}.${b64(ct)}.${b64(c.getAuthTag())}`;
  };
  const smTag = (iv: Buffer, ct: Buffer, ctx: string) => createHmac('sm3', keys.smMac).update(iv).update(ct).update(ctx).digest();
  const encSm = (plain: string, ctx: string) => {
    const iv = randomBytesPooled(16);
    const c = createCipheriv('sm4-ctr', keys.smEnc, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1.sm4ctr-sm3.${b64(iv)}.${b64(ct)}.${b64(smTag(iv, ct, ctx))}`;
  };

  return {
    suite,
    encrypt: (plain, ctx) => (suite === 'sm' ? encSm(plain, ctx) : encAes(plain, ctx)),
    decrypt(text, ctx) {
      const [v, alg, ivS, ctS, tagS] = text.split('.');
      if (v !== 'v1' || !ivS || ctS === undefined || !tagS) throw new Error('Unrecognised ciphertext');
      const iv = unb64(ivS);
      const ct = unb64(ctS);
      const tag = unb64(tagS);
      if (alg === 'aes256gcm') {
        const d = createDecipheriv('aes-256-gcm', keys.enc, iv);
        d.setAAD(Buffer.from(ctx));
        d.setAuthTag(tag);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      if (alg === 'sm4ctr-sm3') {
        const expected = smTag(iv, ct, ctx);
        if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('Ciphertext failed authentication');
        const d = createDecipheriv('sm4-ctr', keys.smEnc, iv);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      throw new Error(`Unknown cipher ${alg}`);
    },
    blindIndex: (value, domain) => createHmac(hmacAlg, keys.idx).update(`${domain}\u0000${value}`).digest('base64url'),
    mac: (data) => `${macTag}:${createHmac(hmacAlg, keys.mac).update(data).digest('hex')}`,
    verifyMac(data, tagged) {
      const [alg, hex] = tagged.split(':');
      const h = alg === 'hmac-sm3' ? 'sm3' : alg === 'hmac-sha256' ? 'sha256' : null;
      if (!h || !hex) return false;
      const expected = createHmac(h, keys.mac).update(data).digest();
      const got = Buffer.from(hex, 'hex');
      return expected.length === got.length && timingSafeEqual(expected, got);
    },
    hash: (data) =>
      createHash(suite === 'sm' ? 'sm3' : 'sha256')
        .update(data)
        .digest('hex'),
  };
}
