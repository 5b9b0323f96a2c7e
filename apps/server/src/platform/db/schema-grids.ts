/** Grid management tables (files, visits, events, grids and their people, tasks, notices; migrations 0007–0011). Conventions as in schema.ts. */

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

export interface GridsDB {
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
  grids: GridsTable;
  grid_people: GridPeopleTable;
  grid_party_orgs: GridPartyOrgsTable;
}
