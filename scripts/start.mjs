// `npm start`: builds the web app if needed, then runs the server (which migrates the database
// and, on an empty data folder, seeds the Shawan demo).
import { spawn } from 'node:child_process';
import { ROOT, ensureWebBuilt } from './lib/web-build.mjs';
import { serverArgs } from './lib/server-command.mjs';

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Lingyan needs Node.js 20 or newer (this is ${process.version}).`);
  process.exit(1);
}

const failure = ensureWebBuilt();
if (failure) {
  console.error(failure);
  process.exit(1);
}

const server = spawn(process.execPath, serverArgs(ROOT), { cwd: process.cwd(), stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
