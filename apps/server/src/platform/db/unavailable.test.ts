import Fastify from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../http/error-handler.ts';
import { freePort } from '../../test/crash/server-process.ts';
import { openDatabase } from './database.ts';
import { isDatabaseUnavailable, retryWhileUnavailable } from './unavailable.ts';

/** What node-postgres throws while PostgreSQL restarts (connection refused, cut, or shutting down). */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('a database that cannot be reached is a coded 503, not a 500', () => {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  let next: Error = new Error('x');
  app.get('/boom', async () => {
    throw next;
  });

  it.each([
    ['refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['cut mid-query', pgError('Connection terminated unexpectedly')],
    ['shut down by the administrator', pgError('terminating connection due to administrator command', '57P01')],
    ['starting up', pgError('the database system is starting up', '57P03')],
    ['pool timeout', pgError('timeout exceeded when trying to connect')],
  ])('%s', async (_name, error) => {
    next = error;
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a bug is still a 500', async () => {
    next = new TypeError("Cannot read properties of undefined (reading 'id')");
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL_ERROR');
  });

  it('a unique violation (a PostgreSQL error of another class) is not mistaken for an outage', () => {
    expect(isDatabaseUnavailable(pgError('duplicate key value violates unique constraint', '23505'))).toBe(false);
  });

  it('recognises what the real pool throws with no server behind the port', async () => {
    const port = await freePort();
    const database = openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/none` });
    try {
      const error = await sql`select 1`.execute(database.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe('a background write that must land waits out the outage', () => {
  it('tries again while the database is unreachable, then succeeds', async () => {
    let calls = 0;
    const result = await retryWhileUnavailable(async () => {
      if (++calls < 3) throw pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
      return 'written';
    }, [1, 1, 1]);
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('throws any other error at once, and the outage once the attempts run out', async () => {
    let calls = 0;
    const bug = retryWhileUnavailable(async () => {
      calls++;
      throw new TypeError('bug');
    }, [1, 1]);
    await expect(bug).rejects.toThrow('bug');
    expect(calls).toBe(1);
    const down = retryWhileUnavailable(async () => {
      throw pgError('Connection terminated unexpectedly');
    }, [1, 1]);
    await expect(down).rejects.toThrow('Connection terminated');
  });
});
