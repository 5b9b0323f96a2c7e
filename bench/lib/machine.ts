// Facts about the machine, recorded with every run because absolute figures depend on them.
import os from 'node:os';
import type { MachineFacts } from './types.ts';

export function machineFacts(now: Date = new Date()): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemMb: Math.round(os.totalmem() / 2 ** 20),
    loadAvg1m: os.loadavg()[0] ?? 0,
    date: now.toISOString(),
  };
}
