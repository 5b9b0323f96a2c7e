import type { StarCatalogContent } from '../schemas/stars.ts';

/**
 * Problems with a year's catalog as the city edits it: each star code once, each indicator code
 * once within its star, and every reviewing department one that exists. Empty when it can be saved.
 */
export function starCatalogProblems(content: StarCatalogContent, departmentCodes: readonly string[]): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const departments = new Set(departmentCodes);
  const stars = new Set<string>();
  content.stars.forEach((star, i) => {
    if (stars.has(star.code)) out.push({ path: `/stars/${i}/code`, message: `star ${star.code} appears twice` });
    stars.add(star.code);
    if (!departments.has(star.departmentCode)) out.push({ path: `/stars/${i}/departmentCode`, message: `no department ${star.departmentCode}` });
    const indicators = new Set<string>();
    star.indicators.forEach((ind, j) => {
      if (indicators.has(ind.code)) out.push({ path: `/stars/${i}/indicators/${j}/code`, message: `indicator ${ind.code} appears twice in ${star.code}` });
      indicators.add(ind.code);
    });
  });
  return out;
}
