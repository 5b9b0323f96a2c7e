import type { Clock } from '../../platform/clock.ts';

export type Limit = { capacity: number; windowMs: number };
export type LimitResult = { ok: boolean; retryAfterSeconds: number };

/**
 * Token buckets in memory, one per key: `capacity` tokens, refilled evenly over `windowMs`. They
 * live in this process: behind several server processes each keeps its own (a client gets at most
 * that many times the limit), which is enough to blunt guessing and flooding from one address.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 50_000,
  ) {}

  private current(key: string, limit: Limit): { tokens: number; at: number } {
    const now = this.clock.now().getTime();
    const b = this.buckets.get(key);
    if (!b) return { tokens: limit.capacity, at: now };
    const refill = ((now - b.at) * limit.capacity) / limit.windowMs;
    return { tokens: Math.min(limit.capacity, b.tokens + Math.max(0, refill)), at: now };
  }

  private result(tokens: number, limit: Limit): LimitResult {
    if (tokens >= 1) return { ok: true, retryAfterSeconds: 0 };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) * limit.windowMs) / limit.capacity / 1000)) };
  }

  /** Whether a token is left, without taking one. */
  check(key: string, limit: Limit): LimitResult {
    return this.result(this.current(key, limit).tokens, limit);
  }

  /** Takes a token when one is left. */
  take(key: string, limit: Limit): LimitResult {
    const b = this.current(key, limit);
    const res = this.result(b.tokens, limit);
    if (res.ok) b.tokens -= 1;
    this.buckets.delete(key); // re-inserted last: the Map's order is least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return res;
  }
}
