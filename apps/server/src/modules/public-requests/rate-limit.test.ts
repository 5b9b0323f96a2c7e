import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock.ts';
import { RateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows `capacity` at once, then refills evenly over the window', () => {
    const clock = fixedClock('2026-11-26T02:00:00Z');
    const l = new RateLimiter(clock);
    const limit = { capacity: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) expect(l.take('a', limit).ok).toBe(true);
    expect(l.take('a', limit)).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(l.check('b', limit).ok).toBe(true); // keys are separate
    clock.advance(20_000);
    expect(l.check('a', limit).ok).toBe(true); // check takes nothing
    expect(l.take('a', limit).ok).toBe(true);
    expect(l.take('a', limit).ok).toBe(false);
  });

  it('forgets the least recently used keys beyond its size', () => {
    const clock = fixedClock('2026-11-26T02:00:00Z');
    const l = new RateLimiter(clock, 2);
    const limit = { capacity: 1, windowMs: 60_000 };
    l.take('a', limit);
    l.take('b', limit);
    l.take('c', limit);
    expect(l.take('a', limit).ok).toBe(true); // 'a' was dropped, so it starts full again
    expect(l.take('c', limit).ok).toBe(false);
  });
});
