import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** Where the first NUL character sits in a parsed value (keys included), or null. */
export function findNul(value: unknown, where: string): string | null {
  const stack: [unknown, string][] = [[value, where]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${path}/${k.replaceAll('\u0000', '\\0')}`;
        stack.push([child, `${path}/${k}`]);
      }
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL (0x00), so such a value failed there with a 500 while SQLite
 * stored it; no field has a use for it, so it is refused on both engines, before validation.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const at = findNul(request.params, '/params') ?? findNul(request.query, '/query') ?? findNul(request.body, '/body');
    if (at) throw new AppError('VALIDATION_FAILED', {}, [{ path: at, where: at.split('/')[1], message: 'NUL (U+0000) is not allowed in text' }]);
  });
}
