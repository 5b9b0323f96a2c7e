/**
 * Whether an error means the database cannot be reached right now (PostgreSQL restarting or down,
 * a connection cut mid-query), as opposed to a bug: such a request is answered 503
 * SERVICE_UNAVAILABLE, never 500, and the pool reconnects by itself once the database is back.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin/crash shutdown, cannot connect now).
const PG_STATES = /^(08\d{3}|57P0[123])$/;
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode))/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || PG_STATES.test(code)) return true;
    if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/**
 * Runs a write that must land (e.g. marking a background job failed) and, while the database
 * cannot be reached, tries again with growing pauses (about two minutes in all by default).
 * Any other error is thrown at once, as is the outage once the attempts run out.
 */
export async function retryWhileUnavailable<T>(
  write: () => Promise<T>,
  delaysMs: readonly number[] = [250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000],
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || attempt >= delaysMs.length) throw error;
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}
