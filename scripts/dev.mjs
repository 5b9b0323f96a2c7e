// `npm run dev`: the server with reload on change (tsx watch) and the Vite dev server with hot
// module replacement at http://localhost:5173 (it proxies /api to the server on :3000).
import { spawn } from 'node:child_process';
import { ROOT } from './lib/web-build.mjs';

const children = [
  spawn('npx', ['tsx', 'watch', 'apps/server/src/main.ts'], { cwd: ROOT, stdio: 'inherit' }),
  spawn('npm', ['run', 'dev', '-w', 'apps/web'], { cwd: ROOT, stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
children.forEach((c) => c.on('exit', () => stop()));
