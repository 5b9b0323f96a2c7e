import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { SeededTree } from './org-tree.ts';

/**
 * Star rating in the demo. `seedStarBasics` (every demo, also the tests'): the reviewing
 * departments with their officers and the 2025 and 2026 catalogs. `seedDemoStars` (with the
 * registry): a completed 2025 cycle for the 14 urban communities, a quarterly check that removed
 * a star, and the 2026 cycle open in its survey phase.
 */
export async function seedStarBasics(_db: Kysely<DB>, _now: string): Promise<void> {}

export async function seedDemoStars(_db: Kysely<DB>, _tree: SeededTree, _now: string): Promise<void> {}
