import type { Kysely } from 'kysely';
import type { RoleCode } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import { newId } from '../platform/ids.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { seedOrgTree } from './org-tree.ts';
import { seedServiceCatalog } from './service-catalog.ts';
import { seedEventCategories } from './event-categories.ts';
import { seedDemoEvents } from './demo-events.ts';
import { seedDemoRegistry, type RegistryCounts, type RegistryScope } from './demo-registry.ts';
import { seedDemoServiceHall } from './demo-service-hall.ts';
import { seedDemoGridTasks } from './demo-grid-tasks.ts';
import { linkDemoVisitEvents, seedDemoVisits } from './demo-visits.ts';
import { seedDemoGrids } from './demo-grids.ts';
import { seedDemoStars, seedStarBasics } from './demo-stars.ts';
import { DEFAULT_DEPARTMENTS, DEFAULT_STAR_CATALOG } from '../modules/stars/stars.defaults.ts';

export const SHAWAN_CODE = '654203';

/** The demo accounts: username, name shown, role, and the org node (by statistical code). */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: RoleCode; orgCode: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system-admin', orgCode: SHAWAN_CODE },
  { username: 'secadmin', displayName: '安全管理员', role: 'security-admin', orgCode: SHAWAN_CODE },
  { username: 'auditor', displayName: '安全审计员', role: 'auditor', orgCode: SHAWAN_CODE },
  { username: 'city', displayName: '市委组织部', role: 'city-admin', orgCode: SHAWAN_CODE },
  { username: 'taoyuan', displayName: '桃园街道办', role: 'township-officer', orgCode: '654203001' },
  { username: 'tuanjie', displayName: '团结街道办', role: 'township-officer', orgCode: '654203002' },
  { username: 'tiyuchang', displayName: '体育场路社区书记', role: 'community-leader', orgCode: '654203001017' },
  { username: 'tianshan', displayName: '天山路社区书记', role: 'community-leader', orgCode: '654203002009' },
  { username: 'tianshan-window', displayName: '天山路社区窗口', role: 'window-worker', orgCode: '654203002009' },
  { username: 'tianshan-grid1', displayName: '天山路社区第一网格网格员', role: 'grid-worker', orgCode: '654203002009001' },
  // One officer for each city department that reviews a star of the default catalog (dept-zfw: 市委政法委, 平安建设星).
  ...DEFAULT_DEPARTMENTS.filter((d) => DEFAULT_STAR_CATALOG.stars.some((s) => s.departmentCode === d.code)).map((d) => ({
    username: `dept-${d.code}`,
    displayName: `${d.name}干部`,
    role: 'department-officer' as const,
    orgCode: SHAWAN_CODE,
  })),
];

/** True when the database has no org tree yet (a fresh data folder). */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('org_nodes').select('id').limit(1).executeTakeFirst();
  return !row;
}

export type DemoOptions = {
  /** Encrypts the registry's personal fields; required unless `registry` is 'none'. */
  crypto?: CryptoProvider;
  /** Synthetic residents: all 14 urban communities (default), only 天山路/广场路 ('small'), or none. */
  registry?: RegistryScope;
};

/**
 * The Shawan demo: the real tree of 沙湾市, the demo accounts (all with one password) and a
 * synthetic registry of residents, homes and rentals in the urban communities.
 */
export async function seedDemo(db: Kysely<DB>, password: string, now: string, opts: DemoOptions = {}): Promise<RegistryCounts | null> {
  const registry = opts.registry ?? 'full';
  if (registry !== 'none' && !opts.crypto) throw new Error('seedDemo: the demo registry needs the crypto provider (or registry: "none")');
  const tree = await seedOrgTree(db, SHAWAN_CODE, now);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    for (const account of DEMO_ACCOUNTS) {
      const org = tree.byCode.get(account.orgCode);
      if (!org) throw new Error(`Demo org ${account.orgCode} is missing from the division tables`);
      const userId = newId();
      await trx
        .insertInto('users')
        .values({
          id: userId,
          username: account.username,
          display_name: account.displayName,
          password_hash: passwordHash,
          status: 'active',
          must_change_password: 0,
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('assignments')
        .values({ id: newId(), user_id: userId, role: account.role, org_id: org.id, valid_from: null, valid_to: null, created_at: now, created_by: null })
        .execute();
    }
  });
  await seedServiceCatalog(db, now);
  await seedEventCategories(db, now);
  await seedStarBasics(db, now);
  if (registry === 'none') return null;
  const counts = await seedDemoRegistry(db, opts.crypto!, tree, now, registry);
  await seedDemoGrids(db, tree, now);
  // Six months of the service hall in the communities with a registry (its requests name residents).
  await seedDemoServiceHall(db, opts.crypto!, tree, now);
  await seedDemoGridTasks(db, tree, now);
  await seedDemoVisits(db, now);
  await seedDemoEvents(db, now);
  await linkDemoVisitEvents(db);
  await seedDemoStars(db, opts.crypto!, tree, now);
  return counts;
}
