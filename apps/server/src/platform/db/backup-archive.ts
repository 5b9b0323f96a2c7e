import fs from 'node:fs';
import path from 'node:path';

/**
 * A backup as one file: the backup folder packed as a POSIX tar (ustar), readable by any `tar -xf`.
 * Written and read here in a few lines so the server needs no archive package; names are the
 * backup's own (short, ASCII), so the ustar name field always suffices.
 */
const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`Name too long for the archive: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(type === '5' ? 0o700 : 0o600, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(Math.floor(mtime / 1000), 12), 136);
  h.write('        ', 148); // checksum counted as spaces
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** Every file and folder under root, folders first, in a stable order. */
function entries(root: string, rel = ''): Array<{ rel: string; dir: boolean }> {
  const out: Array<{ rel: string; dir: boolean }> = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push({ rel: `${r}/`, dir: true }, ...entries(root, r));
    else if (e.isFile()) out.push({ rel: r, dir: false });
  }
  return out;
}

/** Packs a folder into a new tar file (refusing to overwrite), streaming each file in chunks. */
export function packFolder(folder: string, file: string): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (const e of entries(folder)) {
      const full = path.join(folder, e.rel);
      const st = fs.statSync(full);
      fs.writeSync(fd, header(e.rel, e.dir ? 0 : st.size, st.mtimeMs, e.dir ? '5' : '0'));
      if (e.dir) continue;
      const src = fs.openSync(full, 'r');
      try {
        let n: number;
        while ((n = fs.readSync(src, chunk, 0, chunk.length, null)) > 0) fs.writeSync(fd, chunk, 0, n);
      } finally {
        fs.closeSync(src);
      }
      const pad = (BLOCK - (st.size % BLOCK)) % BLOCK;
      if (pad) fs.writeSync(fd, Buffer.alloc(pad));
    }
    fs.writeSync(fd, Buffer.alloc(BLOCK * 2));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Unpacks a tar written by packFolder into an empty folder; refuses names that would leave it. */
export function unpackFile(file: string, folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  const root = path.resolve(folder);
  const fd = fs.openSync(file, 'r');
  try {
    const h = Buffer.alloc(BLOCK);
    let pos = 0;
    for (;;) {
      if (fs.readSync(fd, h, 0, BLOCK, pos) < BLOCK) throw new Error(`${file} is cut short; it is not a whole backup.`);
      pos += BLOCK;
      if (h.every((b) => b === 0)) return;
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
      const type = String.fromCharCode(h[156]!);
      const target = path.resolve(root, name);
      if (!name || (target !== root && !target.startsWith(root + path.sep)) || !Number.isFinite(size))
        throw new Error(`${file} holds an unsafe entry: ${name}`);
      if (type === '5') fs.mkdirSync(target, { recursive: true });
      else if (type === '0' || type === '\0') {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const out = fs.openSync(target, 'wx', 0o600);
        try {
          const chunk = Buffer.alloc(1024 * 1024);
          let left = size;
          while (left > 0) {
            const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, left), pos);
            if (n === 0) throw new Error(`${file} is cut short; it is not a whole backup.`);
            fs.writeSync(out, chunk, 0, n);
            pos += n;
            left -= n;
          }
        } finally {
          fs.closeSync(out);
        }
        pos += (BLOCK - (size % BLOCK)) % BLOCK;
      } else throw new Error(`${file} holds an entry of a kind a backup never has: ${name}`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A backup path naming one file (ends in .tar) rather than a folder. */
export const isArchivePath = (p: string) => p.toLowerCase().endsWith('.tar');
