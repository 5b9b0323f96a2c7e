// The writes the crash loop drives, each keeping a ledger of what the server acknowledged (2xx received).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkCharacter, RESIDENT_SHEET_COLUMNS } from '@lingyan/shared';
import { sleep, type Api, type Session } from './http.ts';

const COMMUNITY = '654203002009'; // 天山路社区
const GRID = '654203002009001';

export type Ledger = {
  /** Service requests received at the window: id and number from the 201. */
  requests: { id: string; number: string }[];
  /** Quarterly star checks recorded (201). */
  checks: { id: string; communityId: string; quarter: string }[];
  /** Imports the client saw reach `committed`, with their row count. */
  imports: { id: string; rows: number }[];
  /** Every import id the server returned (whatever became of it). */
  importsSeen: string[];
  /** Commits the server accepted (202) and how those ended: a kill during a commit shows as `failed`. */
  commits: { id: string; status: string }[];
  /** True from the commit's 202 until the client sees how it ended (the loop aims some kills there). */
  committing: boolean;
};

export const newLedger = (): Ledger => ({ requests: [], checks: [], imports: [], importsSeen: [], commits: [], committing: false });

type Ctl = { running: () => boolean };

async function orgId(api: Api, s: Session, code: string, parentId?: string): Promise<string> {
  const r = await api.get(s, `/api/v1/orgs?pageSize=100${parentId ? `&parentId=${parentId}` : ''}`);
  const items = (r.items ?? []) as { id: string; code: string }[];
  const hit = items.find((o) => o.code === code) ?? items[0];
  if (!hit) throw new Error(`org ${code} not visible`);
  return hit.id;
}

/** tianshan-window receives walk-in requests at the window, one after another. */
export async function intakeWriter(api: Api, ledger: Ledger, ctl: Ctl): Promise<void> {
  const s = await api.login('tianshan-window');
  const org = await orgId(api, s, COMMUNITY);
  const items = (await api.get(s, '/api/v1/service-items?pageSize=100')).items as { id: string; code: string }[];
  const item = (items.find((i) => i.code === 'JY-02') ?? items[0])!.id;
  for (let n = 0; ctl.running(); n++) {
    const r = await api.call(s, 'POST', '/api/v1/service-requests', {
      orgId: org,
      itemId: item,
      visitorName: '崩溃测试',
      description: `crash loop ${n}`,
      walkIn: true,
    });
    if (r.status === 201) ledger.requests.push({ id: r.body.id as string, number: r.body.number as string });
    else await sleep(r.status === 0 ? 250 : 100);
  }
}

/** tuanjie records the quarterly check of each of its communities for each allowed quarter, once each. */
export async function starWriter(api: Api, ledger: Ledger, ctl: Ctl, today = new Date()): Promise<void> {
  const s = await api.login('tuanjie');
  const tops = (await api.get(s, '/api/v1/orgs')).items as { id: string }[];
  const children = (await api.get(s, `/api/v1/orgs?parentId=${tops[0]!.id}&pageSize=100`)).items as { id: string; kind: string }[];
  const communities = children.filter((c) => c.kind === 'community' || c.kind === 'village').map((c) => c.id);
  const year = today.getUTCFullYear();
  const current = Math.floor(today.getUTCMonth() / 3) + 1;
  const quarters = [1, 2, 3, 4].map((q) => `${year - 1}-Q${q}`).concat([1, 2, 3, 4].filter((q) => q <= current).map((q) => `${year}-Q${q}`));
  const pairs = quarters.flatMap((quarter) => communities.map((communityId) => ({ communityId, quarter })));
  const held = new Map<string, string[]>();
  for (const p of pairs) {
    while (ctl.running()) {
      const results = (held.get(p.communityId) ?? []).map((starCode) => ({ starCode, result: 'kept', note: '' }));
      const r = await api.call(s, 'POST', '/api/v1/star-checks', { ...p, results, note: 'crash loop' });
      if (r.status === 201) {
        ledger.checks.push({ id: r.body.id as string, ...p });
        break;
      }
      const error = r.body?.error as { code: string; details?: { missing?: string[]; extra?: string[] } } | undefined;
      if (error?.code === 'STAR_CHECK_EXISTS') break; // recorded by a request whose answer a kill swallowed
      if (error?.code === 'STAR_CHECK_RESULTS_MISMATCH') {
        const now = (held.get(p.communityId) ?? []).filter((c) => !error.details?.extra?.includes(c)).concat(error.details?.missing ?? []);
        held.set(p.communityId, now);
        continue;
      }
      await sleep(r.status === 0 ? 250 : 100);
    }
    if (!ctl.running()) return;
  }
}

/** ID numbers no one else uses: region 659001, a birth date and sequence from a running counter. */
function idNumber(k: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(k / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `659001${birth}${String(k % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** A resident sheet of `rows` people starting at counter `from`, streamed to disk as Excel writes it. */
export async function writeSheet(file: string, from: number, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('居民信息');
  ws.addRow(RESIDENT_SHEET_COLUMNS.map((c) => c.header)).commit();
  for (let i = 0; i < rows; i++) {
    const row: Record<string, string> = { name: `崩测${from + i}`, idNumber: idNumber(from + i), gridCode: GRID };
    ws.addRow(RESIDENT_SHEET_COLUMNS.map((c) => row[c.key] ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

/** tianshan-window imports sheets one after another: upload, check, commit, each followed to its end. */
export async function importWriter(api: Api, ledger: Ledger, ctl: Ctl, o: { rows: number; dir: string; log: (m: string) => void }): Promise<void> {
  const s = await api.login('tianshan-window');
  const settle = async (id: string): Promise<string> => {
    for (;;) {
      const r = await api.call(s, 'GET', `/api/v1/imports/${id}`);
      const status = r.status === 200 ? (r.body.status as string) : null;
      if (status && status !== 'checking' && status !== 'committing') return status;
      if (!ctl.running() && status === null) return 'unknown';
      await sleep(200);
    }
  };
  for (let n = 0; ctl.running();) {
    const file = path.join(o.dir, `import-${n}.xlsx`);
    if (!fs.existsSync(file)) await writeSheet(file, n * o.rows, o.rows);
    const form = new FormData();
    form.append('file', await fs.openAsBlob(file), `居民-${n}.xlsx`);
    const up = await api.call(s, 'POST', '/api/v1/imports/residents', form);
    if (up.status !== 202) {
      await sleep(200);
      continue;
    }
    // The next sheet gets new people: this one's may be registered now, whatever the server answers later.
    fs.rmSync(file, { force: true });
    n++;
    const id = up.body.id as string;
    ledger.importsSeen.push(id);
    let status = await settle(id);
    if (status === 'checked') {
      const c = await api.call(s, 'POST', `/api/v1/imports/${id}/commit`);
      ledger.committing = c.status === 202;
      if (c.status === 202 || c.status === 0) status = await settle(id);
      ledger.committing = false;
      if (c.status === 202) ledger.commits.push({ id, status });
    }
    if (status === 'committed') ledger.imports.push({ id, rows: o.rows });
    o.log(`import ${n}: ${status}`);
  }
}
