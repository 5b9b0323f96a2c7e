/** Registry tables (人房户: buildings, homes, households, residents, tenancies, imports; migration 0002). Conventions as in schema.ts. */

export interface BuildingsTable {
  id: string;
  grid_id: string;
  org_path: string;
  name: string;
  address: string | null;
  kind: string;
  floors: number | null;
  created_at: string;
  updated_at: string;
}

export interface BuildingUnitsTable {
  id: string;
  building_id: string;
  name: string;
  sort_order: number;
}

export interface HomesTable {
  id: string;
  grid_id: string;
  org_path: string;
  building_id: string | null;
  unit_id: string | null;
  kind: string;
  name: string | null;
  room_no: string | null;
  address: string;
  area_m2: number | null;
  use: string;
  ownership: string;
  is_rented: number;
  created_at: string;
  updated_at: string;
}

export interface HouseholdsTable {
  id: string;
  home_id: string;
  org_path: string;
  head_resident_id: string | null;
  registration_type: string;
  created_at: string;
  updated_at: string;
}

export interface ResidentsTable {
  id: string;
  grid_id: string;
  org_path: string;
  home_id: string | null;
  household_id: string | null;
  relation: string | null;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: string | null;
  birth_date: string | null;
  id_number_enc: string | null;
  id_number_idx: string | null;
  id_number_masked: string | null;
  id_last4: string | null;
  phone_enc: string | null;
  phone_idx: string | null;
  phone_masked: string | null;
  ethnicity_enc: string | null;
  religion_enc: string | null;
  political_status: string | null;
  education: string | null;
  occupation: string | null;
  employer: string | null;
  registration_type: string;
  residence_permit_no: string | null;
  residence_permit_expires: string | null;
  status: string;
  moved_in_at: string | null;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface TagDefinitionsTable {
  code: string;
  name_zh: string;
  name_en: string;
  sensitive: number;
  sort_order: number;
}

export interface ResidentTagsTable {
  resident_id: string;
  tag: string;
}

export interface ResidentHistoryTable {
  id: string;
  resident_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  fields: string;
  note: string | null;
}

export interface TenanciesTable {
  id: string;
  home_id: string;
  org_path: string;
  tenant_id: string;
  landlord_id: string | null;
  start_date: string;
  end_date: string | null;
  contract_no: string | null;
  registered_on: string;
  registration_delay_days: number;
  created_at: string;
  updated_at: string;
}

export interface ImportsTable {
  id: string;
  kind: string;
  status: string;
  file_name: string;
  org_id: string;
  org_path: string;
  created_by: string;
  created_at: string;
  total_rows: number;
  checked_rows: number;
  error_count: number;
  errors: string | null;
  committed_rows: number;
  finished_at: string | null;
  failure: string | null;
}

export interface RegistryDB {
  buildings: BuildingsTable;
  building_units: BuildingUnitsTable;
  homes: HomesTable;
  households: HouseholdsTable;
  residents: ResidentsTable;
  tag_definitions: TagDefinitionsTable;
  resident_tags: ResidentTagsTable;
  resident_history: ResidentHistoryTable;
  tenancies: TenanciesTable;
  imports: ImportsTable;
}
