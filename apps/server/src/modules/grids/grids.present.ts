import type { GridProperties, GridType } from '@lingyan/shared';
import type { GridRow } from './grids.repo.ts';

export function gridProperties(g: GridRow, buildings: number): GridProperties {
  return {
    id: g.id,
    code: g.code,
    name: g.name,
    type: (g.type ?? 'basic') as GridType,
    communityId: g.community_id,
    communityName: g.community_name,
    communityCode: g.community_code,
    buildings,
  };
}
