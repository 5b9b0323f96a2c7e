// Types for the parts of pg-cluster.mjs that TypeScript callers (bench, soak) use.
export interface Cluster {
  url: string;
  port: number;
  dir: string;
  dataDir: string;
  binDir: string;
  stop(): Promise<void>;
}
export function findPgBinDir(): string | null;
export function startCluster(opts?: { log?: (message: string) => void; watchPid?: number | null; ttlSeconds?: number; handleExit?: boolean }): Promise<Cluster>;
