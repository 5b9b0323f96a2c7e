/** Service hall tables (calendar, catalog, requests and their steps, tally, codes; migrations 0003–0006). Conventions as in schema.ts. */

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

export interface ServiceHallDB {
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
}
