// Drives one URL with autocannon and reduces the run to figures; shared by every HTTP workload.
import autocannon, { type Options } from 'autocannon';
import type { Figures } from './types.ts';
import { percentile, sortedCopy } from './stats.ts';

export interface HttpLoadOptions {
  url: string;
  seconds: number;
  connections?: number;
  method?: Options['method'];
  headers?: Record<string, string>;
  body?: string;
  /** Unmeasured load first, so the JIT and connection pools are warm; 0 to skip. */
  warmupSeconds?: number;
}

/** `{ rps, p50Ms, p95Ms, p99Ms, requests }`; throws if any request errored or was not 2xx. */
export async function measureHttp(options: HttpLoadOptions): Promise<Figures> {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`benchmarks load only 127.0.0.1, not ${url.hostname}`);
  const connections = options.connections ?? 10;
  const warmupSeconds = options.warmupSeconds ?? 0;
  const instance = autocannon({
    url: options.url,
    connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(warmupSeconds > 0 ? { warmup: { connections, duration: warmupSeconds } } : {}),
  });
  // Per-request timings (sub-ms) give honest p95; autocannon's histogram is whole-ms and has no p95.
  const latencies: number[] = [];
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const result = await instance;
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`load run unhealthy: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx`);
  }
  if (latencies.length === 0) throw new Error('load run completed no requests');
  const sorted = sortedCopy(latencies);
  return {
    rps: result.requests.average,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    requests: result.requests.total,
  };
}
