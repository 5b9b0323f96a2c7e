// Helpers every benchmark server uses: announce the port, and die with the harness.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** Print the port line the harness waits for (bench/lib/child-server.ts). */
export function announcePort(server: Server): void {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`BENCH_PORT=${port}\n`);
}

/** Exit when the harness's stdin pipe closes (harness crashed or was SIGKILLed), or on SIGTERM/SIGINT. */
export function exitWithParent(close: () => Promise<void>): void {
  const shutdown = (): void => {
    void close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref(); // a hung close must not keep us alive
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
