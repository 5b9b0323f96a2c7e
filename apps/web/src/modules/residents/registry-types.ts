import type { z } from 'zod';
import type {
  GENDERS,
  HOME_KINDS,
  HOME_USES,
  householdSchema,
  OWNERSHIPS,
  RESIDENT_STATUSES,
  residentHistoryEntrySchema,
  tagDefinitionSchema,
  tenancySchema,
} from '@lingyan/shared';

// The registry's records as the API sends them; types only, so no zod reaches the browser.
export type { Building, Home, RentalAttention, Resident } from '@lingyan/shared';
export type Household = z.infer<typeof householdSchema>;
export type HistoryEntry = z.infer<typeof residentHistoryEntrySchema>;
export type TagDefinition = z.infer<typeof tagDefinitionSchema>;
export type Tenancy = z.infer<typeof tenancySchema>;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
export type GenderCode = (typeof GENDERS)[number];
export type HomeKind = (typeof HOME_KINDS)[number];
export type HomeUse = (typeof HOME_USES)[number];
export type Ownership = (typeof OWNERSHIPS)[number];
