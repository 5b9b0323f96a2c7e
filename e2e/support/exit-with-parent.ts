// Preloaded (node --import) into the server child of startServer(): when the process that
// started the server disappears without cleaning up (test worker killed, runner crashed), the
// server shuts itself down instead of lingering (and removes LINGYAN_E2E_OWNED_DATA_DIR, the
// temp data dir startServer() created for it). Does nothing unless LINGYAN_E2E_PARENT_PID is set.
import fs from 'node:fs';

const parentPid = Number(process.env.LINGYAN_E2E_PARENT_PID);
const ownedDataDir = process.env.LINGYAN_E2E_OWNED_DATA_DIR;

function parentAlive(): boolean {
  try {
    process.kill(parentPid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (Number.isInteger(parentPid) && parentPid > 1) {
  const timer = setInterval(() => {
    if (parentAlive()) return;
    clearInterval(timer);
    if (ownedDataDir) {
      process.on('exit', () => fs.rmSync(ownedDataDir, { recursive: true, force: true }));
    }
    // Let the server shut down gracefully; force it if that takes too long.
    setTimeout(() => process.exit(1), 5000).unref();
    process.kill(process.pid, 'SIGTERM');
  }, 1000);
  timer.unref();
}
