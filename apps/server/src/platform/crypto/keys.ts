import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The master key: from LINGYAN_MASTER_KEY (base64 of 32 bytes), else `keys/master.key` in the
 * data folder, created on first start with mode 600.
 */
export function loadMasterKey(dataDir: string, fromEnv: string | null): Buffer {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('LINGYAN_MASTER_KEY must be the base64 encoding of 32 bytes');
    return key;
  }
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, 'master.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
