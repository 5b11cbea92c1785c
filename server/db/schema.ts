/**
 * The typed shape of every table, as Kysely sees it. Column types are what queries return after the
 * driver normalisation in `connect.ts` (int8 → number, timestamptz → Date, jsonb → parsed value).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  EmailChoice,
  PageCheckResult,
  Role,
  SiteSettings,
  Spelling,
  TokenScope,
} from '../../contract/api.js';
import type { ChannelFilter, ChannelType, DeliveryState } from '../../contract/channels.js';
import type { ReportKind, ReportStatus } from '../../contract/report.js';
import type { ChannelConfig } from '../notify/channel-config.js';

/** A timestamptz column the database fills by default. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A column the database fills with its default when an insert leaves it out. */
type WithDefault<T> = ColumnType<T, T | undefined, T>;
/** A nullable timestamptz column. */
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface SitesTable {
  id: Generated<string>;
  key: string;
  name: string;
  origins: string[];
  settings: ColumnType<SiteSettings, string, string>;
  /** Event types something listens to on the site (0007); `misprint_emit` enqueues only these. */
  notify_events: WithDefault<string[]>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string | null;
  password_hash: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  site_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: NullableTime;
  revoked_at: NullableTime;
  /** What the token may do (0017): `read` is refused on unsafe methods. */
  scope: WithDefault<TokenScope>;
  /** After this instant the token no longer works; null: never (0017). */
  expires_at: NullableTime;
}

/** A password reset link sent by e-mail (0017); only the hash of its secret is kept. */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: NullableTime;
}

export interface InvitationsTable {
  id: Generated<string>;
  site_id: string;
  role: Role;
  email: string | null;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  accepted_at: NullableTime;
  accepted_by: string | null;
}

export interface ReportsTable {
  id: string;
  site_id: string;
  url: string;
  title: string | null;
  lang: string | null;
  quote_exact: string;
  quote_prefix: WithDefault<string>;
  quote_suffix: WithDefault<string>;
  position_start: number | null;
  position_end: number | null;
  suggestion: string | null;
  comment: string | null;
  kind: WithDefault<ReportKind>;
  status: WithDefault<ReportStatus>;
  note: string | null;
  group_key: string;
  ip_hash: string;
  received_at: CreatedAt;
  updated_at: CreatedAt;
  page_author: WithDefault<string | null>;
  page_section: WithDefault<string | null>;
  page_published_at: NullableTime;
  /** Sent with `Origin: null` (migrations/0016): no browser vouched for the page. */
  origin_null: WithDefault<boolean>;
}

/** A replayed report id, counted against its client's limits for the day (migrations/0016). */
export interface ReportReplaysTable {
  site_id: string;
  ip_hash: string;
  received_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ReportEventsTable {
  id: Generated<string>;
  report_id: string;
  actor_id: string | null;
  /** An assignment alone keeps the status: `from_status = to_status`. */
  from_status: ReportStatus;
  to_status: ReportStatus;
  note: string | null;
  created_at: CreatedAt;
  /** Whether the group's assignee changed (0010), from `from_assignee_id` to `to_assignee_id`. */
  assignee_moved: WithDefault<boolean>;
  from_assignee_id: WithDefault<string | null>;
  to_assignee_id: WithDefault<string | null>;
  /** The triage action this move belongs to (0010), which `POST /undo` names. */
  action_id: WithDefault<string | null>;
}

/** Kept by triggers on `reports`; never written by application code. */
export interface ReportGroupsTable {
  site_id: string;
  group_key: string;
  status: ReportStatus;
  report_count: number;
  last_received_at: Date;
  latest_report_id: string;
  /** The newest report's kind (0006). */
  latest_kind: ReportKind;
  /** `sort=priority`'s key, higher first (0007): `misprint_priority` of the group's facts (0011). */
  priority: WithDefault<number>;
}

/**
 * One row per duplicate group (0007), made by a trigger on the group's first report: what belongs
 * to the group as a whole rather than to one status bucket of `report_groups`.
 */
export interface GroupsTable {
  site_id: string;
  group_key: string;
  /** The group's public id (webhooks, export, dashboard links). */
  id: Generated<string>;
  first_report_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  assignee_id: WithDefault<string | null>;
  page_author: WithDefault<string | null>;
  page_section: WithDefault<string | null>;
  page_published_at: NullableTime;
  /** Distinct client hashes among the group's reports, counted on arrival (0011). */
  readers: WithDefault<number>;
  /** The dictionary's verdict on the quote (0011): `{known, suggestions}`, null when not checked. */
  spelling: ColumnType<Spelling | null, string | null | undefined, string | null>;
  /** Spam signal codes of the group (0011), see server/triage/spam-signals.ts. */
  spam_signals: WithDefault<string[]>;
  /** When the page was last re-checked with an answer, and what it said (0011). */
  checked_at: NullableTime;
  check_result: WithDefault<PageCheckResult | null>;
}

/** Per-period keys of the reader tag (0011); see server/triage/reader-tags.ts. */
export interface ReaderKeysTable {
  period: number;
  key: string;
}

/** Each client hash's reader tag, kept 48 hours so its reader can be blocked meanwhile (0011). */
export interface ReaderTagsTable {
  site_id: string;
  ip_hash: string;
  tag: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

/** Readers an owner blocked: their tag, until `expires_at` (0011). */
export interface BlockedReadersTable {
  id: Generated<string>;
  site_id: string;
  tag: string;
  report_id: string | null;
  blocked_by: string | null;
  created_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

/** Per site, the earliest start of the next page fetch of a re-check (0011). */
export interface RecheckPacingTable {
  site_id: string;
  next_slot: ColumnType<Date, Date | string, Date | string>;
}

/** The background job queue (0007); see server/jobs/. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: ColumnType<unknown, string | undefined, string>;
  run_at: ColumnType<Date, Date | string, Date | string>;
  attempts: WithDefault<number>;
  lock_token: WithDefault<string | null>;
  locked_until: NullableTime;
  dedupe_key: WithDefault<string | null>;
  done_at: NullableTime;
  last_error: WithDefault<string | null>;
  created_at: CreatedAt;
}

export interface IpSaltsTable {
  day: ColumnType<Date, string, string>;
  salt: string;
}

export interface RateLeasesTable {
  site_id: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  granted: number;
}

export interface LoginAttemptsTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  failures: number;
}

/** A member's own e-mail choice for a site (0015); no row: the default of the member's role. */
export interface EmailPreferencesTable {
  site_id: string;
  user_id: string;
  email: EmailChoice;
  updated_at: CreatedAt;
}

/** A new group waiting for a member's next instant mail (0015); `job_id` once a mail job took it. */
export interface EmailPendingTable {
  site_id: string;
  user_id: string;
  group_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  job_id: WithDefault<number | null>;
}

/** When a member's last instant mail of a site went out, and the next is due (0015). */
export interface EmailInstantStateTable {
  site_id: string;
  user_id: string;
  last_sent_at: NullableTime;
  scheduled_at: NullableTime;
}

/** Per site, the last local day (`YYYY-MM-DD`) whose digests were enqueued (0015). */
export interface EmailDigestDaysTable {
  site_id: string;
  day: string;
  checked_at: ColumnType<Date, Date | string, Date | string>;
}

/** Random keys the server signs with, shared by every replica (0015). */
export interface ServerKeysTable {
  name: string;
  key: string;
  created_at: CreatedAt;
}

/** Every table Misprint owns. */
/** A notification channel of a site (0014); `secret` never leaves the server after creation. */
export interface ChannelsTable {
  id: Generated<string>;
  site_id: string;
  type: ChannelType;
  name: string;
  events: string[];
  filter: ColumnType<ChannelFilter, string, string>;
  config: ColumnType<ChannelConfig, string, string>;
  secret: string | null;
  paused_at: NullableTime;
  paused_reason: 'owner' | 'failing' | null;
  failing_since: NullableTime;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string, Date | string>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

/** The outbox: one message per channel and event (0014). */
export interface DeliveriesTable {
  id: Generated<string>;
  channel_id: string;
  event_key: string;
  type: string;
  payload: ColumnType<unknown, string, string>;
  test: WithDefault<boolean>;
  state: WithDefault<DeliveryState>;
  attempts: WithDefault<number>;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: NullableTime;
  delivered_at: NullableTime;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

/** Every attempt of a delivery (0014). */
export interface DeliveryAttemptsTable {
  delivery_id: string;
  n: number;
  at: ColumnType<Date, Date | string, Date | string>;
  status: number | null;
  duration_ms: number;
  error: string | null;
}

/** The GitHub issue a channel opened for a group (0014). */
export interface ChannelIssuesTable {
  channel_id: string;
  group_id: string;
  number: number;
  closed_at: NullableTime;
}

export interface Database {
  sites: SitesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  invitations: InvitationsTable;
  reports: ReportsTable;
  report_events: ReportEventsTable;
  report_groups: ReportGroupsTable;
  groups: GroupsTable;
  jobs: JobsTable;
  ip_salts: IpSaltsTable;
  rate_leases: RateLeasesTable;
  login_attempts: LoginAttemptsTable;
  report_replays: ReportReplaysTable;
  reader_keys: ReaderKeysTable;
  reader_tags: ReaderTagsTable;
  blocked_readers: BlockedReadersTable;
  recheck_pacing: RecheckPacingTable;
  email_preferences: EmailPreferencesTable;
  email_pending: EmailPendingTable;
  email_instant_state: EmailInstantStateTable;
  email_digest_days: EmailDigestDaysTable;
  server_keys: ServerKeysTable;
  channels: ChannelsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  channel_issues: ChannelIssuesTable;
}

export type SiteRow = Selectable<SitesTable>;
export type UserRow = Selectable<UsersTable>;
export type ReportRow = Selectable<ReportsTable>;
export type NewReport = Insertable<ReportsTable>;
export type ReportUpdate = Updateable<ReportsTable>;
