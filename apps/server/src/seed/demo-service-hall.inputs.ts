import { type WorkCalendarData } from '@lingyan/shared';
import type {
  AgencyAuthorizationsTable,
  CountersTable,
  HomeVisitsTable,
  RequestNotificationsTable,
  ServiceRequestEventsTable,
  ServiceRequestsTable,
} from '../platform/db/schema.ts';

/** What the demo service-hall planner takes and gives (see demo-service-hall.ts). */

export type DemoItem = {
  id: string;
  code: string;
  name: string;
  department: string;
  limit_days: number;
  response_days: number;
  agency: number;
  home_visit: number;
  online: number;
};
export type DemoResident = { id: string; name: string; birth_date: string | null };
/** An account (id) or a named desk without one (id null), as it appears in the timeline. */
export type Who = { id: string | null; name: string };
export type DemoCommunity = {
  id: string;
  code: string;
  name: string;
  path: string;
  township: { id: string; name: string };
  residents: DemoResident[];
  /** Receives, accepts, completes, informs and records ratings: tianshan-window, or the desk. */
  window: Who;
  /** Excludes, follows up, and closes where no owner account can: the community's leader. */
  leader: Who;
  /** Who handles a transfer at the 街道: its officer's account, or the 街道's desk. */
  townshipOfficer: Who;
  /** Home visits: the account assigned, and who records the outcome (a worker the policy lets act). */
  visitor: { assignee: Who; recorder: Who } | null;
  /** Records agency authorisations and steps (an account), or none. */
  agencyClerk: Who | null;
};
export type ServiceHallInput = {
  cal: WorkCalendarData;
  items: DemoItem[];
  communities: DemoCommunity[];
  now: string;
  warnWorkingDays: number;
};

/** A request row as planned: the contact phone is still plain; the seed encrypts it. */
export type PlannedRequest = ServiceRequestsTable & { contactPhone: string | null };
export type ServiceHallPlan = {
  requests: PlannedRequest[];
  events: ServiceRequestEventsTable[];
  authorizations: AgencyAuthorizationsTable[];
  visits: HomeVisitsTable[];
  notifications: RequestNotificationsTable[];
  counters: CountersTable[];
};
