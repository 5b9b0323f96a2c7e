import type { Generated } from 'kysely';
import type { StarsDB } from './schema-stars.ts';

/**
 * Table types. Conventions for one code path on both engines: ids are text (UUIDv7), times are
 * ISO-8601 UTC text, dates are YYYY-MM-DD text, booleans are integers 0/1, JSON is text.
 */
export interface OrgNodesTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  path: string;
  depth: number;
  sort_order: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  status: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  locale: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolesTable {
  code: string;
  permissions: string;
  updated_at: string;
}

export interface AssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  org_id: string;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  created_by: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  org_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface JobLocksTable {
  name: string;
  locked_until: string;
  holder: string;
}

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

export interface CalendarOverridesTable {
  date: string;
  kind: string;
  note: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface CalendarYearsTable {
  year: number;
  confirmed_at: string;
  confirmed_by: string | null;
}

export interface ServiceItemsTable {
  id: string;
  code: string;
  name: string;
  category: string;
  department: string;
  materials: string;
  legal_basis: string | null;
  limit_days: number;
  response_days: number;
  agency: number;
  home_visit: number;
  one_trip: number;
  online: number;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface ServiceRequestsTable {
  id: string;
  number: string;
  org_id: string;
  org_path: string;
  item_id: string;
  channel: string;
  resident_id: string | null;
  visitor_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_idx: string | null;
  contact_phone_masked: string | null;
  contact_phone_last4: string | null;
  description: string;
  state: string;
  owner_id: string | null;
  handler_id: string | null;
  handler_org_id: string | null;
  received_at: string;
  received_date: string;
  response_due: string;
  responded_at: string | null;
  response_clock: string | null;
  completion_due: string;
  due_provisional: number;
  paused_on: string | null;
  paused_days: number;
  completed_at: string | null;
  completion_clock: string | null;
  informed_at: string | null;
  inform_method: string | null;
  closed_at: string | null;
  refused_reason: string | null;
  trips: number;
  agency_authorized: number;
  rating: string | null;
  rating_comment: string | null;
  rated_at: string | null;
  rating_source: string | null;
  follow_up_needed: number;
  excluded: number;
  excluded_reason: string | null;
  reopened_count: number;
  created_at: string;
  updated_at: string;
}

/**
 * The figures' running tally (migration 0005): per org node (a request counts at its community and
 * every ancestor), received day, and item or channel ('*' = all); kept by service-requests.tally.ts.
 */
export interface ServiceRequestDailyTable {
  org_id: string;
  item_id: string;
  channel: string;
  day: string;
  requests: number;
  excluded: number;
  counted: number;
  responded_on_time: number;
  completed: number;
  resolved: number;
  rated: number;
  satisfied: number;
  completed_on_time: number;
  completed_one_trip: number;
}

export interface ServiceRequestEventsTable {
  id: string;
  request_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  data: string | null;
}

export interface AgencyAuthorizationsTable {
  id: string;
  request_id: string;
  scope: string;
  valid_until: string;
  signed_how: string;
  recorded_by: string;
  recorded_at: string;
}

export interface HomeVisitsTable {
  id: string;
  request_id: string;
  scheduled_for: string;
  assignee_id: string;
  outcome: string | null;
  done_at: string | null;
  created_at: string;
}

export interface RequestNotificationsTable {
  id: string;
  request_id: string;
  kind: string;
  recipient_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface OneTimeCodesTable {
  id: string;
  purpose: string;
  subject: string;
  code_hash: string;
  expires_at: string;
  attempts: number;
  used_at: string | null;
  created_at: string;
}

/** Uploaded files (migration 0007); see modules/files. */
export interface FilesTable {
  id: string;
  storage_name: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  record_type: string | null;
  record_id: string | null;
  record_org_path: string | null;
}

/** Visits to households (migration 0009); raised_type 'request' | 'event' | 'need' names what the visit raised. */
export interface VisitsTable {
  id: string;
  household_id: string;
  grid_id: string;
  org_path: string;
  visited_on: string;
  kind: string;
  notes: string | null;
  visitor_id: string;
  raised_type: string | null;
  raised_id: string | null;
  created_at: string;
}

export interface VisitPeopleTable {
  visit_id: string;
  resident_id: string;
}

export interface HouseholdLastVisitsTable {
  household_id: string;
  org_path: string;
  last_visited_on: string;
}

export interface NeedsTable {
  id: string;
  household_id: string;
  grid_id: string;
  org_path: string;
  visit_id: string | null;
  category: string;
  description: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The GB/T 30428 code table of event categories (migration 0010): two levels, each with its step limits. */
export interface EventCategoriesTable {
  id: string;
  kind: string;
  code: string;
  name: string;
  parent_id: string | null;
  level: number;
  register_limit: number;
  register_unit: string;
  dispatch_limit: number;
  dispatch_unit: string;
  handle_limit: number;
  handle_unit: string;
  closing_condition: string;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

/** An event of the closed loop (migration 0010): it belongs to a grid; its clocks are instants. */
export interface EventsTable {
  id: string;
  number: string;
  state: string;
  source: string;
  grid_id: string;
  org_path: string;
  category_id: string | null;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  visit_id: string | null;
  reporter_id: string | null;
  reported_at: string;
  reported_date: string;
  register_due: string;
  registered_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
  dispatch_started_at: string | null;
  dispatch_due: string | null;
  dispatched_at: string | null;
  handler_org_id: string | null;
  handler_user_id: string | null;
  handle_started_at: string | null;
  handle_due: string | null;
  handle_clock: string | null;
  fed_back_at: string | null;
  closed_at: string | null;
  evaluated_at: string | null;
  grade: string | null;
  dispatch_count: number;
  return_count: number;
  feedback_count: number;
  rework_count: number;
  escalated_at: string | null;
  clock_step: string | null;
  clock_started_at: string | null;
  clock_due: string | null;
  clock_warn_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventStepsTable {
  id: string;
  event_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  data: string | null;
}

export interface EventEscalationsTable {
  id: string;
  event_id: string;
  step: string;
  due: string;
  to_org_id: string | null;
  created_at: string;
}

/** A grid org node's own data (migration 0008): type and boundary (GeoJSON text) with its bounding box. */
export interface GridsTable {
  org_id: string;
  org_path: string;
  community_id: string;
  type: string;
  boundary: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  boundary_updated_at: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** People of a grid who are not role assignments: head, liaisons (楼栋长), sunk cadres, party members. */
export interface GridPeopleTable {
  id: string;
  grid_id: string;
  org_path: string;
  role: string;
  user_id: string | null;
  resident_id: string | null;
  name: string;
  building_id: string | null;
  party_role: string | null;
  valid_from: string;
  valid_to: string | null;
  created_at: string;
  created_by: string | null;
}

export interface GridPartyOrgsTable {
  grid_id: string;
  org_path: string;
  kind: string;
  name: string;
  updated_at: string;
}

/** Tasks sent down to grids (migration 0011); see modules/grid-tasks. */
export interface GridTasksTable {
  id: string;
  title: string;
  description: string;
  due_date: string;
  admitted_item_ref: string | null;
  sender_org_id: string;
  sender_org_path: string;
  created_by: string;
  created_at: string;
  state: string;
  closed_at: string | null;
  updated_at: string;
}

/** Each grid's part of a task: pending until its grid worker reports it done. */
export interface GridTaskTargetsTable {
  id: string;
  task_id: string;
  grid_id: string;
  grid_path: string;
  state: string;
  note: string | null;
  reported_by: string | null;
  reported_at: string | null;
  returned_reason: string | null;
  updated_at: string;
}

/** Emergency notices (migration 0011); see modules/notices. */
export interface NoticesTable {
  id: string;
  title: string;
  body: string;
  sender_org_id: string;
  sender_org_path: string;
  created_by: string;
  created_at: string;
}

/** Each grid worker a notice went to, and when they acknowledged it. */
export interface NoticeRecipientsTable {
  id: string;
  notice_id: string;
  user_id: string;
  grid_id: string;
  grid_path: string;
  acknowledged_at: string | null;
}

export interface DB extends StarsDB {
  org_nodes: OrgNodesTable;
  users: UsersTable;
  roles: RolesTable;
  assignments: AssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  settings: SettingsTable;
  job_locks: JobLocksTable;
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
  calendar_overrides: CalendarOverridesTable;
  calendar_years: CalendarYearsTable;
  service_items: ServiceItemsTable;
  counters: CountersTable;
  service_requests: ServiceRequestsTable;
  service_request_events: ServiceRequestEventsTable;
  service_request_daily: ServiceRequestDailyTable;
  agency_authorizations: AgencyAuthorizationsTable;
  home_visits: HomeVisitsTable;
  request_notifications: RequestNotificationsTable;
  one_time_codes: OneTimeCodesTable;
  visits: VisitsTable;
  visit_people: VisitPeopleTable;
  household_last_visits: HouseholdLastVisitsTable;
  needs: NeedsTable;
  files: FilesTable;
  grid_tasks: GridTasksTable;
  grid_task_targets: GridTaskTargetsTable;
  notices: NoticesTable;
  notice_recipients: NoticeRecipientsTable;
  event_categories: EventCategoriesTable;
  events: EventsTable;
  event_steps: EventStepsTable;
  event_escalations: EventEscalationsTable;
  kysely_migration?: { name: string; timestamp: string };
  grids: GridsTable;
  grid_people: GridPeopleTable;
  grid_party_orgs: GridPartyOrgsTable;
}
export type { Generated };
