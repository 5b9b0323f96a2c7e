import type { FastifyRequest } from 'fastify';

/** Runs of digits as long as a phone (11) or an ID number (18, maybe ending in X): never written to a log. */
const LONG_NUMBER = /\d{11,}[\dXx]?/g;

/** Text with every phone- or ID-number-like run of digits replaced. */
export const scrubNumbers = (text: string): string => text.replace(LONG_NUMBER, '[redacted]');

/**
 * A URL as it may be logged: the path (numbers scrubbed) and the names of its query parameters,
 * never their values — a search by ID number or phone travels in the query string.
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  const pathPart = scrubNumbers(q < 0 ? url : url.slice(0, q));
  if (q < 0) return pathPart;
  const names = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${pathPart}?${names.map((n) => `${encodeURIComponent(n)}=*`).join('&')}`;
}

type LoggedError = { type: string; message: string; stack: string; code?: unknown; statusCode?: unknown };

/**
 * The server's logger: requests without query values, errors without the properties drivers add
 * (PostgreSQL's `detail` quotes the row's values), numbers scrubbed; credentials redacted.
 */
export function serverLoggerOptions(level: string, stream?: { write(line: string): void }) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: loggableUrl(req.url), remoteAddress: req.ip }),
      err: (err: Error & { code?: unknown; statusCode?: unknown }): LoggedError => ({
        type: err.name,
        message: scrubNumbers(String(err.message)),
        stack: scrubNumbers(err.stack ?? ''),
        code: err.code,
        statusCode: err.statusCode,
      }),
    },
  };
}
