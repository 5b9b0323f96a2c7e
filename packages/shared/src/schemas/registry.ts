import { z } from 'zod';
import { abilitiesSchema, idSchema, isoDateSchema, pageQuerySchema } from './common.ts';
import {
  BUILDING_KINDS,
  EDUCATION_LEVELS,
  ETHNIC_GROUPS,
  GENDERS,
  HOME_KINDS,
  HOME_USES,
  OWNERSHIPS,
  POLITICAL_STATUSES,
  REGISTRATION_TYPES,
  RELATIONS,
  RESIDENT_STATUSES,
  REVEALABLE_FIELDS,
} from '../registry/codes.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
export const ethnicCodeSchema = z.string().refine((c) => Object.hasOwn(ETHNIC_GROUPS, c), 'GB/T 3304 code');
export const relationCodeSchema = z.string().refine((c) => Object.hasOwn(RELATIONS, c), 'GB/T 4761 code');

// Buildings, units, homes -------------------------------------------------------------------
export const buildingSchema = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  kind: z.enum(BUILDING_KINDS),
  floors: z.number().int().nullable(),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  homeCount: z.number().int(),
  abilities: abilitiesSchema,
});
export type Building = z.infer<typeof buildingSchema>;
export const buildingListQuerySchema = pageQuerySchema.extend({ orgId: idSchema.optional(), q: z.string().trim().max(64).optional() });
export const createBuildingInputSchema = z.strictObject({
  gridId: idSchema,
  name: text(64),
  address: optionalText(200),
  kind: z.enum(BUILDING_KINDS).default('residential'),
  floors: z.number().int().min(1).max(200).nullable().optional(),
  units: z.array(text(32)).max(50).default([]),
});

export const homeSchema = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  buildingId: z.string().nullable(),
  buildingName: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  kind: z.enum(HOME_KINDS),
  name: z.string().nullable(),
  roomNo: z.string().nullable(),
  address: z.string(),
  areaM2: z.number().nullable(),
  use: z.enum(HOME_USES),
  ownership: z.enum(OWNERSHIPS),
  isRented: z.boolean(),
  residentCount: z.number().int(),
  abilities: abilitiesSchema,
});
export type Home = z.infer<typeof homeSchema>;
export const homeListQuerySchema = pageQuerySchema.extend({
  orgId: idSchema.optional(),
  buildingId: idSchema.optional(),
  unitId: idSchema.optional(),
  kind: z.enum(HOME_KINDS).optional(),
  rented: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(64).optional(),
});
export const createHomeInputSchema = z.strictObject({
  gridId: idSchema,
  buildingId: idSchema.nullable().optional(),
  unitId: idSchema.nullable().optional(),
  kind: z.enum(HOME_KINDS).default('home'),
  name: optionalText(100),
  roomNo: optionalText(32),
  address: text(200),
  areaM2: z.number().positive().max(100_000).nullable().optional(),
  use: z.enum(HOME_USES).default('residential'),
  ownership: z.enum(OWNERSHIPS).default('private'),
  isRented: z.boolean().default(false),
});
export const updateHomeInputSchema = createHomeInputSchema.omit({ gridId: true, buildingId: true, unitId: true }).partial().strict();

// Residents ----------------------------------------------------------------------------------
export const residentSchema = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** Masked unless revealed: sensitive. */
  ethnicityMasked: z.string().nullable(),
  /** Masked unless revealed: whether a religion is recorded at all. */
  religionMasked: z.string().nullable(),
  politicalStatus: z.enum(POLITICAL_STATUSES).nullable(),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  occupation: z.string().nullable(),
  employer: z.string().nullable(),
  registrationType: z.enum(REGISTRATION_TYPES),
  residencePermitNo: z.string().nullable(),
  residencePermitExpires: z.string().nullable(),
  status: z.enum(RESIDENT_STATUSES),
  /** Tags the caller may see; sensitive ones (health, assistance) only for those who may reveal. */
  tags: z.array(z.string()),
  hiddenTagCount: z.number().int(),
  gridId: z.string(),
  gridName: z.string(),
  homeId: z.string().nullable(),
  address: z.string().nullable(),
  householdId: z.string().nullable(),
  relation: z.string().nullable(),
  movedInAt: z.string().nullable(),
  updatedAt: z.string(),
  abilities: abilitiesSchema,
});
export type Resident = z.infer<typeof residentSchema>;

export const residentListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  orgId: idSchema.optional(),
  tag: z.string().max(32).optional(),
  status: z.enum(RESIDENT_STATUSES).optional(),
  minAge: z.coerce.number().int().min(0).max(150).optional(),
  maxAge: z.coerce.number().int().min(0).max(150).optional(),
  homeId: idSchema.optional(),
});
export type ResidentListQuery = z.infer<typeof residentListQuerySchema>;

const residentFields = {
  name: text(64),
  idNumber: z.string().trim().max(18).nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  birthDate: isoDateSchema.nullable().optional(),
  phone: z.string().trim().max(20).nullable().optional(),
  ethnicity: ethnicCodeSchema.nullable().optional(),
  religion: optionalText(32),
  politicalStatus: z.enum(POLITICAL_STATUSES).nullable().optional(),
  education: z.enum(EDUCATION_LEVELS).nullable().optional(),
  occupation: optionalText(64),
  employer: optionalText(100),
  registrationType: z.enum(REGISTRATION_TYPES).default('local'),
  residencePermitNo: optionalText(32),
  residencePermitExpires: isoDateSchema.nullable().optional(),
  tags: z.array(z.string().max(32)).max(20).default([]),
  homeId: idSchema.nullable().optional(),
  relation: relationCodeSchema.nullable().optional(),
  movedInAt: isoDateSchema.nullable().optional(),
};
export const createResidentInputSchema = z.strictObject({ gridId: idSchema, ...residentFields });
export const updateResidentInputSchema = z
  .strictObject({ ...residentFields, gridId: idSchema, status: z.enum(RESIDENT_STATUSES) })
  .partial()
  .extend({ registrationType: z.enum(REGISTRATION_TYPES).optional(), tags: z.array(z.string().max(32)).max(20).optional() });

export const revealInputSchema = z.strictObject({ field: z.enum(REVEALABLE_FIELDS), reason: z.string().trim().min(2).max(200) });
export const revealResultSchema = z.object({ field: z.enum(REVEALABLE_FIELDS), value: z.string().nullable(), expiresInSeconds: z.number().int() });

export const residentHistoryEntrySchema = z.object({
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  fields: z.array(z.string()),
  note: z.string().nullable(),
});

// Households -----------------------------------------------------------------------------------
export const householdSchema = z.object({
  id: z.string(),
  homeId: z.string(),
  address: z.string(),
  gridName: z.string(),
  registrationType: z.enum(REGISTRATION_TYPES),
  headResidentId: z.string().nullable(),
  members: z.array(residentSchema),
  history: z.array(residentHistoryEntrySchema),
  abilities: abilitiesSchema,
});
export const createHouseholdInputSchema = z.strictObject({
  homeId: idSchema,
  headResidentId: idSchema,
  registrationType: z.enum(REGISTRATION_TYPES).default('local'),
});

// Tenancies and rentals -------------------------------------------------------------------------
export const tenancySchema = z.object({
  id: z.string(),
  homeId: z.string(),
  address: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  landlordId: z.string().nullable(),
  landlordName: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  contractNo: z.string().nullable(),
  registeredOn: z.string(),
  abilities: abilitiesSchema,
});
export const tenancyListQuerySchema = pageQuerySchema.extend({
  homeId: idSchema.optional(),
  orgId: idSchema.optional(),
  current: z.enum(['true', 'false']).optional(),
});
export const createTenancyInputSchema = z.strictObject({
  homeId: idSchema,
  tenantId: idSchema,
  landlordId: idSchema.nullable().optional(),
  startDate: isoDateSchema,
  endDate: isoDateSchema.nullable().optional(),
  contractNo: optionalText(64),
  registeredOn: isoDateSchema.optional(),
});
export const endTenancyInputSchema = z.strictObject({ endDate: isoDateSchema });

export const RENTAL_ATTENTION_KINDS = ['late-registration', 'permit-expiring', 'permit-expired', 'rented-without-tenancy'] as const;
export const rentalAttentionSchema = z.object({
  kind: z.enum(RENTAL_ATTENTION_KINDS),
  homeId: z.string(),
  address: z.string(),
  gridName: z.string(),
  residentId: z.string().nullable(),
  residentName: z.string().nullable(),
  /** The date the rule looks at: move-in, permit expiry. */
  date: z.string().nullable(),
  days: z.number().int().nullable(),
});
export type RentalAttention = z.infer<typeof rentalAttentionSchema>;
export const rentalAttentionQuerySchema = pageQuerySchema.extend({ orgId: idSchema.optional(), kind: z.enum(RENTAL_ATTENTION_KINDS).optional() });

export const tagDefinitionSchema = z.object({ code: z.string(), zh: z.string(), en: z.string(), sensitive: z.boolean(), computed: z.boolean() });
