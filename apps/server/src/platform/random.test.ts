import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from './random.ts';

describe('pooled random bytes', () => {
  it('hands out each byte once: buffers of the asked length, all different, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const b = randomBytesPooled(12);
      expect(b.length).toBe(12);
      seen.add(b.toString('hex'));
    }
    expect(seen.size).toBe(10_000);
  });

  it('returns buffers the caller owns: changing one changes no later one', () => {
    const a = randomBytesPooled(16);
    a.fill(0);
    const b = randomBytesPooled(16);
    expect(b.equals(Buffer.alloc(16))).toBe(false);
    expect(randomBytesPooled(40_000).length).toBe(40_000);
  });
});
