/** Star rating tables (migration 0012); see modules/stars. JSON columns are text on both engines. */

export interface DepartmentsTable {
  id: string;
  code: string;
  name: string;
  created_at: string;
}

export interface DepartmentMembersTable {
  department_id: string;
  user_id: string;
  created_at: string;
}

/** One catalog per year: JSON content (stars, indicators, pass marks, reviewing departments); locked once a cycle uses it. */
export interface StarCatalogsTable {
  id: string;
  year: number;
  content: string;
  locked_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

/** One annual evaluation: the catalog it uses and its dated phases (JSON PhaseSpan[]). */
export interface StarCyclesTable {
  id: string;
  year: number;
  catalog_id: string;
  title: string;
  notice_working_days: number;
  phases: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One community in one cycle: its progress through the chain and the stars awarded (JSON codes). */
export interface StarEntriesTable {
  id: string;
  cycle_id: string;
  community_id: string;
  community_path: string;
  state: string;
  survey_token: string;
  submitted_at: string | null;
  submitted_by: string | null;
  scored_at: string | null;
  scored_by: string | null;
  approved_at: string | null;
  approved_by: string | null;
  awarded: string | null;
  displayed_at: string | null;
  updated_at: string;
}

/** One star of one entry: self-assessment, township scores (JSON indicator → score), department review. */
export interface StarEntryStarsTable {
  id: string;
  entry_id: string;
  star_code: string;
  self_scores: string | null;
  self_note: string | null;
  evidence_links: string | null;
  township_scores: string | null;
  township_note: string | null;
  score: number | null;
  review_state: string;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  updated_at: string;
}

/** Every hand-over of an entry (submit, score, accept, return, approve, display…). */
export interface StarStepsTable {
  id: string;
  entry_id: string;
  star_code: string | null;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
  note: string | null;
}

export interface StarObjectionsTable {
  id: string;
  entry_id: string;
  star_code: string | null;
  body: string;
  contact_enc: string | null;
  submitted_at: string;
  outcome: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface StarSurveyCodesTable {
  id: string;
  entry_id: string;
  household_key: string;
  code_hash: string;
  issued_by: string | null;
  issued_at: string;
  used_at: string | null;
}

export interface StarSurveyResponsesTable {
  id: string;
  entry_id: string;
  household_key: string;
  channel: string;
  entered_by: string | null;
  submitted_at: string;
}

export interface StarSurveyAnswersTable {
  id: string;
  response_id: string;
  entry_id: string;
  star_code: string;
  answer: string;
}

export interface CommunityStarsTable {
  community_id: string;
  community_path: string;
  star_code: string;
  since: string;
}

export interface StarHistoryTable {
  id: string;
  community_id: string;
  community_path: string;
  star_code: string;
  change: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  reason: string;
  source_type: string;
  source_id: string | null;
}

export interface StarChecksTable {
  id: string;
  community_id: string;
  community_path: string;
  quarter: string;
  results: string;
  note: string | null;
  checked_by: string;
  checked_at: string;
}

export interface StarApplicationsTable {
  id: string;
  community_id: string;
  community_path: string;
  star_code: string;
  reason: string;
  state: string;
  applied_by: string;
  applied_at: string;
  updated_at: string;
}

export interface StarApplicationStepsTable {
  id: string;
  application_id: string;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
  note: string | null;
}

export interface StarNotificationsTable {
  id: string;
  community_id: string;
  community_path: string;
  kind: string;
  star_code: string | null;
  message: string;
  created_at: string;
}

export interface StarsDB {
  departments: DepartmentsTable;
  department_members: DepartmentMembersTable;
  star_catalogs: StarCatalogsTable;
  star_cycles: StarCyclesTable;
  star_entries: StarEntriesTable;
  star_entry_stars: StarEntryStarsTable;
  star_steps: StarStepsTable;
  star_objections: StarObjectionsTable;
  star_survey_codes: StarSurveyCodesTable;
  star_survey_responses: StarSurveyResponsesTable;
  star_survey_answers: StarSurveyAnswersTable;
  community_stars: CommunityStarsTable;
  star_history: StarHistoryTable;
  star_checks: StarChecksTable;
  star_applications: StarApplicationsTable;
  star_application_steps: StarApplicationStepsTable;
  star_notifications: StarNotificationsTable;
}
