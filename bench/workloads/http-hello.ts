// Baseline: the best a Fastify route can do on this machine right now.
import { fileURLToPath } from 'node:url';
import { startServer } from '../lib/child-server.ts';
import { measureHttp } from '../lib/http-load.ts';
import type { Workload } from '../lib/types.ts';

const SERVER = fileURLToPath(new URL('../servers/hello.ts', import.meta.url));

export const httpHello: Workload = {
  name: 'http-hello',
  description:
    'Bare Fastify 5 app (child process) answering GET / with {hello:"world"}; ' +
    'autocannon, 10 connections, 1 s warm-up (none with --quick), then LINGYAN_BENCH_SECONDS of load.',
  async run(ctx) {
    const server = await startServer(ctx, SERVER);
    ctx.log(`http-hello: ${server.url}, ${ctx.seconds} s of load`);
    return measureHttp({
      url: `${server.url}/`,
      seconds: ctx.seconds,
      warmupSeconds: ctx.quick ? 0 : 1,
    });
  },
};
