import type { OrgKind, OrgSummary } from '@lingyan/shared';

export type SummaryField = Exclude<keyof OrgSummary, 'orgId'>;

/** Which counts mean something under a node of each kind (a community has no townships below it). */
const FIELDS_BY_KIND: Record<OrgKind, readonly SummaryField[]> = {
  city: ['townships', 'communities', 'villages', 'grids', 'users'],
  township: ['communities', 'villages', 'grids', 'users'],
  community: ['grids', 'users'],
  village: ['grids', 'users'],
  grid: ['users'],
};

export function summaryFieldsFor(kind: OrgKind | undefined): readonly SummaryField[] {
  return kind ? FIELDS_BY_KIND[kind] : FIELDS_BY_KIND.city;
}
