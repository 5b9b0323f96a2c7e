// Baseline server: bare Fastify 5 with one route, the ceiling any real endpoint is compared against.
import Fastify from 'fastify';
import { announcePort, exitWithParent } from './lifeline.ts';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

await app.listen({ host: '127.0.0.1', port: 0 });
exitWithParent(() => app.close());
announcePort(app.server);
