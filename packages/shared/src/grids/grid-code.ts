/**
 * A grid's code: its community's 12-digit statistical code followed by a 3-digit sequence
 * (001–999), e.g. 654203002009001 is the first grid of 天山路社区 (654203002009).
 */
export const GRID_TYPES = ['basic', 'school', 'market', 'enterprise'] as const;
export type GridType = (typeof GRID_TYPES)[number];

export function gridCode(communityCode: string, sequence: number): string {
  if (!/^\d{12}$/.test(communityCode)) throw new Error(`A community code has 12 digits, got "${communityCode}"`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) throw new Error(`A grid sequence is 1–999, got ${sequence}`);
  return communityCode + String(sequence).padStart(3, '0');
}

/** Whether `code` is a well-formed grid code of the community `communityCode`. */
export function isGridCodeOf(code: string, communityCode: string): boolean {
  return /^\d{15}$/.test(code) && code.startsWith(communityCode) && code.slice(12) !== '000';
}

/** The community code and the sequence of a grid code, or null when it is not one. */
export function parseGridCode(code: string): { communityCode: string; sequence: number } | null {
  if (!/^\d{15}$/.test(code) || code.slice(12) === '000') return null;
  return { communityCode: code.slice(0, 12), sequence: Number(code.slice(12)) };
}

/** The next free sequence among a community's grid codes (the smallest unused, from 1). */
export function nextGridSequence(existingCodes: readonly string[]): number {
  const used = new Set(existingCodes.map((c) => parseGridCode(c)?.sequence).filter((n): n is number => n !== undefined));
  for (let n = 1; n <= 999; n++) if (!used.has(n)) return n;
  throw new Error('A community has at most 999 grids');
}
