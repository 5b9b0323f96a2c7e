import { z } from 'zod';
import { idSchema, isoDateSchema } from './common.ts';
import { GRID_TYPES } from '../grids/grid-code.ts';

export const gridTypeSchema = z.enum(GRID_TYPES);

const positionSchema = z.tuple([z.number(), z.number()]).rest(z.number());
/** A GeoJSON Polygon or MultiPolygon; the shape rules (closed rings, no crossing) are validateBoundary's. */
export const boundaryGeometrySchema = z.union([
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(positionSchema)).max(100) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(positionSchema)).max(100)).max(100) }),
]);

export const gridListQuerySchema = z.strictObject({ orgId: idSchema.optional() });
export const GRID_FIGURES = ['households', 'coverage', 'events'] as const;
export type GridFigure = (typeof GRID_FIGURES)[number];
export const gridMapQuerySchema = z.strictObject({ orgId: idSchema.optional(), figure: z.enum(GRID_FIGURES).default('households') });

/** Properties of a grid feature in the FeatureCollection. */
export const gridPropertiesSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: gridTypeSchema,
  communityId: z.string(),
  communityName: z.string(),
  communityCode: z.string(),
  buildings: z.number().int(),
});
export type GridProperties = z.infer<typeof gridPropertiesSchema>;

const featureOf = <P extends z.ZodType>(props: P) =>
  z.object({ type: z.literal('Feature'), id: z.string(), properties: props, geometry: boundaryGeometrySchema.nullable() });
export const gridFeatureCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(featureOf(gridPropertiesSchema)) });
export type GridFeatureCollection = z.infer<typeof gridFeatureCollectionSchema>;

export const gridMapPropertiesSchema = gridPropertiesSchema.extend({
  /** The chosen figure's value (households, coverage share 0–1, open events); null when unknown. */
  value: z.number().nullable(),
  /** For coverage: visited and households behind the share. */
  visited: z.number().int().nullable(),
  households: z.number().int().nullable(),
});
export type GridMapProperties = z.infer<typeof gridMapPropertiesSchema>;
export const gridMapSchema = z.object({
  type: z.literal('FeatureCollection'),
  figure: z.enum(GRID_FIGURES),
  /** Figures this server can compute (coverage and events arrive with their modules). */
  figures: z.array(z.enum(GRID_FIGURES)),
  period: z.object({ from: isoDateSchema, to: isoDateSchema }).nullable(),
  features: z.array(featureOf(gridMapPropertiesSchema)),
});
export type GridMap = z.infer<typeof gridMapSchema>;

export const gridDetailSchema = gridPropertiesSchema.extend({
  boundary: boundaryGeometrySchema.nullable(),
  boundaryUpdatedAt: z.string().nullable(),
  /** The other grids of the community with their boundaries (for the editor's overlap check). */
  neighbours: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), boundary: boundaryGeometrySchema.nullable() })),
  buildingList: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), floors: z.number().nullable() })),
  abilities: z.array(z.string()),
});
export type GridDetail = z.infer<typeof gridDetailSchema>;

export const updateGridInputSchema = z.strictObject({ type: gridTypeSchema });
export const boundaryInputSchema = z.strictObject({ geometry: boundaryGeometrySchema });
/** A GeoJSON FeatureCollection for a community's grids: each feature names its grid by `properties.code`. */
export const gridImportInputSchema = z.strictObject({
  orgId: idSchema,
  collection: z.object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(
        z.object({
          type: z.literal('Feature'),
          properties: z.record(z.string(), z.unknown()).nullable(),
          geometry: z.unknown(),
        }),
      )
      .min(1)
      .max(999),
  }),
});
export const gridImportResultSchema = z.object({ updated: z.number().int(), codes: z.array(z.string()) });

// People of a grid.
export const GRID_PERSON_ROLES = ['head', 'liaison', 'sunk', 'party-member'] as const;
export type GridPersonRole = (typeof GRID_PERSON_ROLES)[number];
export const PARTY_ROLES = ['secretary', 'member'] as const;
export const PARTY_ORG_KINDS = ['branch', 'group'] as const;

export const gridPersonInputSchema = z
  .strictObject({
    role: z.enum(GRID_PERSON_ROLES),
    userId: idSchema.nullable().default(null),
    residentId: idSchema.nullable().default(null),
    name: z.string().trim().min(1).max(50).nullable().default(null),
    buildingId: idSchema.nullable().default(null),
    partyRole: z.enum(PARTY_ROLES).nullable().default(null),
    validFrom: isoDateSchema,
    validTo: isoDateSchema.nullable().default(null),
  })
  .refine((v) => v.userId || v.residentId || v.name, { message: 'a user, a resident or a name', path: ['name'] });
export const gridPersonUpdateSchema = z.strictObject({ validFrom: isoDateSchema.optional(), validTo: isoDateSchema.nullable().optional() });
export const gridPartyInputSchema = z.strictObject({ kind: z.enum(PARTY_ORG_KINDS), name: z.string().trim().min(1).max(80) });

export const gridPersonSchema = z.object({
  id: z.string(),
  role: z.enum([...GRID_PERSON_ROLES, 'worker']),
  name: z.string(),
  userId: z.string().nullable(),
  residentId: z.string().nullable(),
  buildingId: z.string().nullable(),
  buildingName: z.string().nullable(),
  partyRole: z.enum(PARTY_ROLES).nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Whether the period includes today. */
  current: z.boolean(),
  /** Workers come from role assignments (their login scope): ended there, not here. */
  source: z.enum(['assignment', 'grid']),
  /** Other grids this person serves now (names), so one person across grids is visible. */
  otherGrids: z.array(z.string()),
  abilities: z.array(z.string()),
});
export type GridPerson = z.infer<typeof gridPersonSchema>;
/** Staff who may be made a grid's head or sunk cadre. */
export const gridPersonCandidateSchema = z.object({ userId: z.string(), name: z.string(), orgName: z.string() });
export type GridPersonCandidate = z.infer<typeof gridPersonCandidateSchema>;

export const gridPeopleSchema = z.object({
  gridId: z.string(),
  head: z.array(gridPersonSchema),
  workers: z.array(gridPersonSchema),
  liaisons: z.array(gridPersonSchema),
  sunk: z.array(gridPersonSchema),
  party: z.object({ kind: z.enum(PARTY_ORG_KINDS), name: z.string() }).nullable(),
  partyMembers: z.array(gridPersonSchema),
  abilities: z.array(z.string()),
});
export type GridPeople = z.infer<typeof gridPeopleSchema>;
