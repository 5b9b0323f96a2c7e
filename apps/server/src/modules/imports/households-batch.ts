import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A home some residents are being put into, and the resident among them who is 户主 (if any). */
export type HomeMembership = { homeId: string; orgPath: string; registrationType: string; headResidentId: string | null };

/**
 * The household rule of attachToHousehold (residents.commands.ts), for many homes at once: a
 * resident with a home and a relation joins the household there (the earliest, if several) — which
 * gets them as head if it has none and they are 户主 — or, when the home has none, a new one
 * headed by them if they are 户主; otherwise they join none. Returns home id → household id.
 *
 * attachToHousehold(r) is this function for one home with headResidentId = r.id when r is 户主.
 * (The lead owns residents.commands.ts: this belongs beside attachToHousehold, which should call it.)
 */
export async function householdsForHomes(db: Db, now: string, homes: HomeMembership[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const inserts: {
    id: string;
    home_id: string;
    org_path: string;
    head_resident_id: string;
    registration_type: string;
    created_at: string;
    updated_at: string;
  }[] = [];
  for (let i = 0; i < homes.length; i += 500) {
    const chunk = homes.slice(i, i + 500);
    const existing = await db
      .selectFrom('households')
      .select(['id', 'home_id', 'head_resident_id'])
      .where(
        'home_id',
        'in',
        chunk.map((h) => h.homeId),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const first = new Map<string, (typeof existing)[number]>();
    for (const e of existing) if (!first.has(e.home_id)) first.set(e.home_id, e);
    for (const h of chunk) {
      const found = first.get(h.homeId);
      if (found) {
        if (h.headResidentId && !found.head_resident_id)
          await db.updateTable('households').set({ head_resident_id: h.headResidentId, updated_at: now }).where('id', '=', found.id).execute();
        result.set(h.homeId, found.id);
      } else if (h.headResidentId) {
        const id = newId();
        inserts.push({
          id,
          home_id: h.homeId,
          org_path: h.orgPath,
          head_resident_id: h.headResidentId,
          registration_type: h.registrationType,
          created_at: now,
          updated_at: now,
        });
        result.set(h.homeId, id);
      }
    }
  }
  for (let i = 0; i < inserts.length; i += 500)
    await db
      .insertInto('households')
      .values(inserts.slice(i, i + 500))
      .execute();
  return result;
}
