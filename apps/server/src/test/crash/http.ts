// A tiny HTTP client for the crash loop: sessions survive restarts (they live in the database), outcomes are tallied.

export type Session = { username: string; cookie: string; csrf: string };

/** What the client saw: acknowledged writes per kind, and every refusal by status and code. */
export class Tally {
  readonly outcomes = new Map<string, number>();
  attempts = 0;
  note(key: string): void {
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }
  /** Failures other than lost connections and the 503 SERVICE_UNAVAILABLE of an unreachable database. */
  unexpected(): string[] {
    return [...this.outcomes.keys()].filter((key) => {
      const k = key.replace(/^GET /, '');
      return !k.startsWith('2') && k !== 'network' && k !== '503 SERVICE_UNAVAILABLE' && !k.startsWith('409 ');
    });
  }
}

export type Reply = { status: number; body: Record<string, unknown> } | { status: 0; body: null };

export class Api {
  constructor(
    public base: string,
    readonly password: string,
    readonly tally: Tally,
  ) {}

  async login(username: string): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: this.password }),
        signal: AbortSignal.timeout(20_000),
      }).catch(() => null);
      if (res?.status === 200) {
        const cookie = /lingyan_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
        return { username, cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
      }
      if (attempt > 600) throw new Error(`login of ${username} failed: ${res?.status ?? 'network'} ${res ? await res.text() : ''}`);
      await sleep(200);
    }
  }

  /** A read that must succeed: retried through restarts for up to two minutes. */
  async get(s: Session, url: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 600; i++) {
      const r = await this.call(s, 'GET', url);
      if (r.status === 200) return r.body;
      await sleep(200);
    }
    throw new Error(`GET ${url} kept failing`);
  }

  /** One request; a lost connection is status 0. A 401 signs in again once (the session may predate a kill). */
  async call(s: Session, method: string, url: string, body?: unknown): Promise<Reply> {
    const isForm = body instanceof FormData;
    const send = () =>
      fetch(this.base + url, {
        method,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : isForm ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    let res = await send().catch(() => null);
    if (res?.status === 401) {
      Object.assign(s, await this.login(s.username));
      res = await send().catch(() => null);
    }
    const read = method === 'GET';
    if (!read) this.tally.attempts++;
    const text = res ? await res.text().catch(() => null) : null;
    if (!res || text === null) {
      if (!read) this.tally.note('network');
      return { status: 0, body: null };
    }
    const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const code = (json.error as { code?: string } | undefined)?.code;
    // Reads are tallied only when refused, so that a 500 on a poll is seen too.
    if (!read || res.status >= 300) this.tally.note(`${read ? 'GET ' : ''}${res.status}${code ? ` ${code}` : ''}`);
    return { status: res.status, body: json };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (lo: number, hi: number) => lo + next() * (hi - lo) };
}
