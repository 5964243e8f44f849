import type { Generated } from 'kysely';

/**
 * The historian's tables, one typed schema for both engines (node:sqlite and PostgreSQL, through
 * Kysely). Times are milliseconds since the Unix epoch in 64-bit integers on both engines (no time
 * zone conversions in the store; the API and UI format them). Sensors are stored by a small integer
 * key (table `sensors`) so a raw row costs a few bytes, not the sensor id's string.
 */
export interface HistorianDatabase {
  historian_meta: HistorianMetaTable;
  sensors: SensorsTable;
  samples_raw: SamplesRawTable;
  samples_1m: SampleAggregateTable;
  samples_1h: SampleAggregateTable;
  samples_1m_days: MinuteDaysTable;
  samples_1m_days_stale: MinuteDaysStaleTable;
  alarm_transitions: AlarmTransitionsTable;
  operator_actions: OperatorActionsTable;
  worker_positions: WorkerPositionsTable;
  camera_events: CameraEventsTable;
  markers: MarkersTable;
  permits: PermitsTable;
  permit_steps: PermitStepsTable;
  contractor_companies: ContractorCompaniesTable;
  contractor_people: ContractorPeopleTable;
  risk_points: HazardDocumentsTable;
  hazard_tickets: HazardTicketsTable;
  inspection_plans: HazardDocumentsTable;
  inspection_rounds: InspectionRoundsTable;
  hazard_media: HazardMediaTable;
  dispatch_warnings: DispatchWarningsTable;
  dispatch_roster: DispatchRosterTable;
  dispatch_deliveries: DispatchDeliveriesTable;
  push_subscriptions: PushSubscriptionsTable;
  indicator_days: IndicatorDaysTable;
  incidents: IncidentsTable;
  reports: ReportsTable;
}

/** One row: the schema version the migrations brought the database to. */
export interface HistorianMetaTable {
  key: string;
  value: string;
}

export interface SensorsTable {
  sensor_key: Generated<number>;
  sensor_id: string;
}

/** Quality codes as in the tag table (main/ingest/TagTable.ts QUALITY_CODE): 0 good, 1 uncertain, 2 bad. */
export interface SamplesRawTable {
  sensor_key: number;
  ts_ms: number;
  value: number;
  quality: number;
}

/**
 * A 1-minute or 1-hour bucket of one sensor. `sum` (not the mean) is kept so that a bucket written in
 * parts (a restart, a spool catching up) merges exactly: mean = sum / count. `last` is the value at
 * `last_ts_ms`, the latest sample in the bucket. `bad_count` counts samples of bad quality.
 */
export interface SampleAggregateTable {
  sensor_key: number;
  bucket_ms: number;
  min: number;
  max: number;
  sum: number;
  last: number;
  last_ts_ms: number;
  count: number;
  bad_count: number;
}

/**
 * A sensor's closed UTC day of 1-minute aggregates in one packed block (main/historian/minuteDays.ts: the
 * layout), a copy of its `samples_1m` rows for fast long-range charts (schema step 7).
 */
export interface MinuteDaysTable {
  sensor_key: number;
  /** The day's start (UTC midnight), epoch ms. */
  day_ms: number;
  minutes: Uint8Array;
}

/** A (sensor, day) whose 1-minute rows changed after the day closed: its block, if any, is not read until compaction rebuilds it. */
export interface MinuteDaysStaleTable {
  sensor_key: number;
  day_ms: number;
}

/** Every change of every alarm (ISA-18.2 state transitions and operator commands), as on the bus. */
export interface AlarmTransitionsTable {
  id: Generated<number>;
  at_ms: number;
  alarm_id: string;
  source_id: string;
  source_kind: string;
  area_id: string | null;
  condition: string;
  priority: string;
  action: string;
  previous_state: string;
  state: string;
  by_user: string;
  reason: string | null;
}

/** An operator's action that is not an alarm transition (studies, drills, commands), with its detail as JSON. */
export interface OperatorActionsTable {
  id: Generated<number>;
  at_ms: number;
  by_user: string;
  action: string;
  target: string | null;
  detail_json: string | null;
}

/** Badge positions, downsampled by the writer (personal data: its own retention class). */
export interface WorkerPositionsTable {
  badge_id: string;
  ts_ms: number;
  x: number;
  y: number;
  floor: number;
}

/** A camera's event (detections summarised per frame, or an analytic's alarm), detail as JSON. */
export interface CameraEventsTable {
  id: Generated<number>;
  at_ms: number;
  camera_id: string;
  kind: string;
  detail_json: string | null;
}

/** Drills, simulations, incidents and notes: spans (start/end) and instants on the time axis. */
export interface MarkersTable {
  id: Generated<number>;
  at_ms: number;
  kind: string;
  phase: string;
  marker_id: string;
  label: string;
  by_user: string | null;
}

/**
 * Special-operation permits (issue 17, docs/permits.md): the current document of each (contracts/permits
 * PermitSchema as JSON, its signatures included) keyed by its unique number, with the columns the register
 * filters on: type, state, the scene area it lies in, its bounding box in plant metres, the work window.
 * `revision` counts the writes (a step is stored only over the revision it was taken on).
 */
export interface PermitsTable {
  number: string;
  type: string;
  state: string;
  area_id: string | null;
  min_x: number;
  min_y: number;
  max_x: number;
  max_y: number;
  window_start_ms: number;
  window_end_ms: number;
  /** 'ui' (a draft entered in SafeTwin) or 'import' (from a plant's permit system, POST /api/permits). */
  source: string;
  created_by: string;
  created_ms: number;
  updated_ms: number;
  revision: number;
  document_json: string;
  /** The declared grade (hot work, work at height, lifting), the applying unit and the contractor: copies of the document's fields for the statistics' group-by (schema step 5). */
  grade: string | null;
  issuing_unit: string | null;
  contractor: string | null;
}

/** A permit's signed trace: one row per step (contracts/permits PermitSignature), `seq` its place in the permit's signatures from 1. */
export interface PermitStepsTable {
  permit_number: string;
  seq: number;
  action: string;
  from_state: string;
  to_state: string;
  by_user: string;
  role: string;
  at_ms: number;
  reason_code: string | null;
  note: string | null;
  step_json: string;
}

/**
 * The contractor register's companies (issue 17 item 3, docs/contractors.md): the current document of each
 * (contracts/contractors CompanySchema as JSON) keyed by its code, its whitelist status as a column.
 * `revision` counts the writes.
 */
export interface ContractorCompaniesTable {
  id: string;
  status: string;
  updated_ms: number;
  revision: number;
  document_json: string;
}

/**
 * The register's people (一人一码): the current document of each (PersonSchema as JSON, names and certificate
 * numbers included: personal data, read through the register only) keyed by their code, with their company
 * and the badge bound to them (unique: one badge, one person; NULL for none).
 */
export interface ContractorPeopleTable {
  id: string;
  company_id: string;
  badge_id: string | null;
  updated_ms: number;
  revision: number;
  document_json: string;
}

/**
 * Double prevention's records (issue 18, docs/hazards.md, schema step 8): the current document of each risk
 * point and inspection plan (contracts/hazards as JSON) keyed by its code; `revision` counts the writes.
 */
export interface HazardDocumentsTable {
  id: string;
  updated_ms: number;
  revision: number;
  document_json: string;
}

/** A hidden-danger ticket with its signed trail in its document; state, grade, kind, area and report time as columns for the lists and the monthly analysis. */
export interface HazardTicketsTable {
  number: string;
  state: string;
  grade: string;
  kind: string;
  area_id: string | null;
  reported_ms: number;
  updated_ms: number;
  revision: number;
  document_json: string;
}

/** An inspection round (巡检记录): its plan and slot as columns (one plan's rounds of a period are read together). */
export interface InspectionRoundsTable {
  id: string;
  plan_id: string;
  slot_start_ms: number;
  updated_ms: number;
  revision: number;
  document_json: string;
}

/** A photo or voice note a ticket or a check result refers to by `ref`: the bytes as sent, their type and who sent them. */
export interface HazardMediaTable {
  ref: string;
  mime: string;
  size_bytes: number;
  created_ms: number;
  created_by: string;
  bytes: Uint8Array;
}

/**
 * Warning dispatch (issue 19, docs/dispatch.md, schema step 9): each warning's whole record (contracts/dispatch
 * WarningView less the viewer's `mine`) in `doc_json`, with its alarm, state, level, times, disposition and, for a
 * camera alarm, the vision rule and model as columns for the open-warning read at start and the statistics' range.
 */
export interface DispatchWarningsTable {
  warning_id: string;
  alarm_id: string;
  source_id: string;
  source_kind: string;
  area_id: string | null;
  condition: string;
  priority: string;
  raised_at_ms: number;
  state: string;
  level: number;
  acknowledged_at_ms: number | null;
  cleared_at_ms: number | null;
  closed_at_ms: number | null;
  disposition: string | null;
  camera_rule_id: string | null;
  model_id: string | null;
  updated_ms: number;
  revision: number;
  doc_json: string;
}

/** The duty roster (值班表): every save a new revision (contracts/dispatch Roster as JSON), the newest the current one. */
export interface DispatchRosterTable {
  revision: number;
  saved_at_ms: number;
  saved_by: string;
  doc_json: string;
}

/**
 * The warning outbox (issue 19, docs/dispatch.md §channels, schema step 10): one row per message and channel,
 * `queued` (to send at next_attempt_ms), `held` (in a flood digest's window), `folded` (carried by the digest
 * row digest_id), `sent` or `failed`; the message (main/dispatchDesk OutboundMessage, or a digest's facts) as JSON.
 */
export interface DispatchDeliveriesTable {
  delivery_id: string;
  message_id: string;
  warning_id: string | null;
  channel: string;
  person_id: string | null;
  kind: string;
  status: string;
  attempts: number;
  queued_at_ms: number;
  next_attempt_ms: number;
  sent_at_ms: number | null;
  last_error: string | null;
  digest_id: string | null;
  updated_ms: number;
  message_json: string;
}

/** A browser subscribed to Web Push (contracts PushSubscriptionSchema) by the signed-in account user_name. */
export interface PushSubscriptionsTable {
  endpoint: string;
  user_name: string;
  p256dh: string;
  auth: string;
  expiration_ms: number | null;
  updated_ms: number;
}

/**
 * The manager's workstation (issue 20, docs/indicators.md §computation and storage, schema step 11): one indicator's
 * day over one dimension key (contracts/indicators IndicatorDay), plant-local day 'YYYY-MM-DD'. Numerator and
 * denominator are stored, never the ratio, so any period is Σnumerator / Σdenominator.
 */
export interface IndicatorDaysTable {
  indicator_id: string;
  dimension: string;
  key: string;
  day: string;
  numerator: number;
  denominator: number;
  computed_at_ms: number;
}

/** The manager's incident log (contracts/indicators IncidentRecord as JSON, its time, severity, area and contractor as columns). */
export interface IncidentsTable {
  id: string;
  occurred_at_ms: number;
  severity: string;
  area_id: string | null;
  contractor: string | null;
  recorded_at_ms: number;
  recorded_by: string;
  doc_json: string;
}

/** An archived report (contracts/indicators ReportRecord): its PDF's file name in the data directory, size, digest and pages. */
export interface ReportsTable {
  report_id: string;
  kind: string;
  from_day: string;
  to_day: string;
  locale: string;
  created_at_ms: number;
  created_by: string;
  bytes: number;
  sha256: string;
  pages: number;
  file: string;
}
