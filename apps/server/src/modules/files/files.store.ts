import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';

/** Where uploaded files live: under the data folder, never under the web root. */
export const filesDir = (ctx: AppContext) => path.join(ctx.config.dataDir, 'files');

/** A random storage name (no part of the client's name), fanned out into 256 folders. */
export function newStorageName(): string {
  const name = randomBytes(16).toString('hex');
  return `${name.slice(0, 2)}/${name}`;
}

export const storagePath = (ctx: AppContext, storageName: string) => path.join(filesDir(ctx), storageName);

export type Stored = { size: number; sha256: string; head: Buffer };

/** Writes the stream to its storage path, counting, hashing and keeping the first bytes for the type check. */
export async function storeStream(ctx: AppContext, storageName: string, stream: Readable): Promise<Stored> {
  const dest = storagePath(ctx, storageName);
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let size = 0;
  const heads: Buffer[] = [];
  let headLength = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    hash.update(chunk);
    if (headLength < SNIFF_BYTES) {
      heads.push(chunk.subarray(0, SNIFF_BYTES - headLength));
      headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
    }
  });
  await pipeline(stream, fs.createWriteStream(dest, { mode: 0o600 }));
  return { size, sha256: hash.digest('hex'), head: Buffer.concat(heads) };
}

export function removeStored(ctx: AppContext, storageName: string): void {
  fs.rmSync(storagePath(ctx, storageName), { force: true });
}
