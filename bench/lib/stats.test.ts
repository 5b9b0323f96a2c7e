import { describe, expect, it } from 'vitest';
import { percentile, sortedCopy } from './stats.ts';

describe('percentile', () => {
  const sorted = sortedCopy(Array.from({ length: 100 }, (_, i) => 100 - i)); // 1..100

  it('uses nearest rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('sorts numerically, not lexicographically', () => {
    expect([...sortedCopy([10, 9, 100])]).toEqual([9, 10, 100]);
  });

  it('is NaN when empty and rejects out-of-range p', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });
});
