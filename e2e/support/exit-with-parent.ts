// Preloaded (node --import) into the server child of startServer(): when the process that
// started the server disappears without cleaning up (test worker killed, runner crashed), the
// server shuts itself down instead of lingering. Does nothing unless LINGYAN_E2E_PARENT_PID is set.
const parentPid = Number(process.env.LINGYAN_E2E_PARENT_PID);

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
    // Let the server shut down gracefully; force it if that takes too long.
    setTimeout(() => process.exit(1), 5000).unref();
    process.kill(process.pid, 'SIGTERM');
  }, 1000);
  timer.unref();
}

export {};
