import fs from 'node:fs';
import zlib from 'node:zlib';
import { Readable, pipeline } from 'node:stream';

/**
 * Just enough of the ZIP format to read an .xlsx kept on disk: the central directory (with Zip64
 * sizes), and one entry at a time as a stream of inflated bytes. Random access means the parts
 * can be read in any order (shared strings before the sheet) without buffering the archive.
 */
export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localOffset: number; encrypted: boolean };

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

async function readAt(fh: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipError('short read');
  return buf;
}

export async function readZipDirectory(file: string): Promise<Map<string, ZipEntry>> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 22) throw new ZipError('too small');
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = await readAt(fh, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0) throw new ZipError('no end of central directory');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset === MAX32 || cdSize === MAX32 || count === 0xffff) {
      const locAt = at - 20;
      if (locAt < 0 || tail.readUInt32LE(locAt) !== EOCD64_LOCATOR) throw new ZipError('no zip64 locator');
      const rec = await readAt(fh, Number(tail.readBigUInt64LE(locAt + 8)), 56);
      if (rec.readUInt32LE(0) !== EOCD64) throw new ZipError('bad zip64 record');
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size || count > 100_000) throw new ZipError('bad central directory');
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('bad central directory entry');
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      // Zip64: the 0xFFFFFFFF fields are given, in this order, in extra field 0x0001.
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressed === MAX32) {
            uncompressed = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === MAX32) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === MAX32) localOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      entries.set(name.replace(/^\/+/, ''), { name, method, compressedSize, size: uncompressed, localOffset, encrypted: (flags & 1) === 1 });
      p = extraEnd + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** The inflated bytes of one entry (the caller bounds how many it reads: a zip bomb stops there). */
export async function openZipEntry(file: string, entry: ZipEntry): Promise<Readable> {
  if (entry.encrypted) throw new ZipError('encrypted');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`compression method ${entry.method}`);
  if (entry.compressedSize === 0) return Readable.from([]);
  const fh = await fs.promises.open(file, 'r');
  let header: Buffer;
  try {
    header = await readAt(fh, entry.localOffset, 30);
  } finally {
    await fh.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError('bad local header');
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = fs.createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (entry.method === 0) return raw;
  // pipeline: an early stop (or an error) on either side closes both, and the file.
  return pipeline(raw, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), () => undefined);
}
