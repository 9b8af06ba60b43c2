import { sql } from "drizzle-orm";
import {
  boolean, char, check, customType, date, doublePrecision, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";

// postgres.js hands back a Buffer, PGlite a Uint8Array; both are bytes, so accept either.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

// The app's one range of dates (src/lib/time.ts), held here too: JavaScript and PostgreSQL disagree
// about years before 100, and nothing a practice records lies outside it.
const dateInRange = (column: unknown) => sql`${column} between '1900-01-01' and '2100-12-31'`;
const instantInRange = (column: unknown) => sql`${column} >= '1900-01-01T00:00:00Z' and ${column} < '2101-01-01T00:00:00Z'`;
// Every metric number, as in src/domain/metrics.ts: a day's sum of them cannot overflow.
const metricNumberInRange = (column: unknown) => sql`${column} between -1000000000 and 1000000000`;

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull(),
  passwordHash: text("password_hash").notNull(),
  fullName: text("full_name").notNull(),
  emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("users_email_key").on(t.email),
  // One login per address whatever its case: the app lower-cases, the database refuses anything else.
  check("users_email_lower", sql`${t.email} = lower(${t.email})`),
]);

export const userSessions = pgTable("user_sessions", {
  id: text("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  secretHash: bytea("secret_hash").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  lastVerifiedAt: timestamp("last_verified_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: createdAt(),
}, (t) => [index("user_sessions_user_id_idx").on(t.userId)]);

export const practices = pgTable("practices", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  currency: char("currency", { length: 3 }).notNull().default("EUR"),
  cancellationWindowHours: integer("cancellation_window_hours").notNull().default(24),
  reminderOffsetsMinutes: integer("reminder_offsets_minutes").array().notNull().default(sql`'{1440}'::integer[]`),
  followUpDefaultDays: integer("follow_up_default_days").notNull().default(2),
  /** Completing a session adds its follow-up by itself instead of offering it. */
  followUpAutomatic: boolean("follow_up_automatic").notNull().default(false),
  /** "Time to book again": weeks after a last visit with nothing booked; null = off (a service may set its own). */
  rebookAfterWeeks: integer("rebook_after_weeks"),
  // The practice's own subscription to the app (billing on only with Stripe keys): written by Stripe's
  // webhooks, read on every write to decide whether the practice may create (src/domain/subscription.ts).
  stripeCustomerId: text("stripe_customer_id").unique("practices_stripe_customer_key"),
  subscriptionId: text("subscription_id"),
  subscriptionStatus: text("subscription_status"),
  subscriptionPlan: text("subscription_plan"),
  subscriptionCurrentPeriodEnd: timestamp("subscription_current_period_end", { withTimezone: true }),
  /** When Stripe created the event last applied: an older event delivered late cannot undo a newer one. */
  subscriptionSyncedAt: timestamp("subscription_synced_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  check("practices_cancellation_window_range", sql`${t.cancellationWindowHours} between 0 and 720`),
  check("practices_follow_up_days_range", sql`${t.followUpDefaultDays} between 0 and 365`),
  check("practices_rebook_weeks_range", sql`${t.rebookAfterWeeks} is null or ${t.rebookAfterWeeks} between 1 and 104`),
  check("practices_currency_upper", sql`${t.currency} ~ '^[A-Z]{3}$'`),
]);

export const membershipRoles = ["owner", "practitioner", "assistant"] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const memberships = pgTable("memberships", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  role: text("role", { enum: membershipRoles }).notNull(),
  /** SHA-256 of the secret in this practitioner's ICS feed URL; regenerating it revokes the old URL. */
  calendarFeedTokenHash: text("calendar_feed_token_hash"),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex("memberships_calendar_feed_token_key").on(t.calendarFeedTokenHash),
  unique("memberships_practice_user_key").on(t.practiceId, t.userId),
  // Target of the composite foreign keys that later tables use to stay inside one practice.
  unique("memberships_practice_id_id_key").on(t.practiceId, t.id),
  index("memberships_user_id_idx").on(t.userId),
  check("memberships_role_valid", sql`${t.role} in ('owner', 'practitioner', 'assistant')`),
]);

export const auditLog = pgTable("audit_log", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
  action: text("action").notNull(),
  entity: text("entity").notNull(),
  entityId: uuid("entity_id"),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  diff: jsonb("diff").$type<Record<string, unknown>>(),
}, (t) => [
  index("audit_log_practice_at_idx").on(t.practiceId, t.at),
  index("audit_log_practice_entity_idx").on(t.practiceId, t.entity, t.entityId),
  index("audit_log_actor_idx").on(t.actorUserId),
]);

// Failed logins live in the database, not in process memory, so the limit holds across app instances.
/**
 * Fixed-window counters for the login and sign-up limits, shared by every app instance. A request takes a
 * hit before any password is hashed (one atomic upsert), so parallel requests cannot slip past the count.
 */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  hits: integer("hits").notNull(),
  resetsAt: timestamp("resets_at", { withTimezone: true }).notNull(),
}, (t) => [
  index("rate_limit_buckets_resets_at_idx").on(t.resetsAt), // the hourly purge
]);

export const clientStatuses = ["active", "inactive", "archived"] as const;
export const checkInCadences = ["before_session", "every_days"] as const;
export type CheckInCadence = (typeof checkInCadences)[number];

/** The portal's intake form as stored: health answers are clinical data, read under the rules of SOAP notes. */
export type IntakeAnswers = {
  healthNotes: string;
  emergencyContactName: string;
  emergencyContactPhone: string;
  /** The exact consent text the client agreed to, its version, and when. */
  consent: { version: string; text: string; at: string } | null;
  submittedAt: string;
};
export type ClientStatus = (typeof clientStatuses)[number];

export const clients = pgTable("clients", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  firstName: text("first_name").notNull(),
  lastName: text("last_name").notNull(),
  email: text("email"),
  phone: text("phone"),
  address: text("address"),
  dateOfBirth: date("date_of_birth", { mode: "string" }),
  notes: text("notes"),
  status: text("status", { enum: clientStatuses }).notNull().default("active"),
  portalUserId: uuid("portal_user_id").references(() => users.id, { onDelete: "set null" }),
  /** What the client answered on the portal's intake form (src/domain/intake.ts); null until then. */
  intake: jsonb("intake").$type<IntakeAnswers>(),
  /** The practice ended the client's portal access; a new invitation opens it again. */
  portalRevokedAt: timestamp("portal_revoked_at", { withTimezone: true }),
  /** Scheduled check-ins: ask the client to log their check-in metrics before each session, or every N days. */
  checkInCadence: text("check_in_cadence", { enum: checkInCadences }),
  checkInEveryDays: integer("check_in_every_days"),
  // Kept by check-in (calendar issue) so the list can sort by it without scanning attendance.
  lastVisitAt: timestamp("last_visit_at", { withTimezone: true }),
  erasedAt: timestamp("erased_at", { withTimezone: true }),
  /** The client pressed "unsubscribe" in a reminder: no more reminders (confirmations and notices still go). */
  remindersOffAt: timestamp("reminders_off_at", { withTimezone: true }),
  /** "Time to book again" was dismissed: it comes back only after a later visit. */
  rebookDismissedAt: timestamp("rebook_dismissed_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  // Target of every child's composite foreign key: a row can never point at another practice's client.
  unique("clients_practice_id_id_key").on(t.practiceId, t.id),
  uniqueIndex("clients_practice_email_key").on(t.practiceId, sql`lower(${t.email})`).where(sql`${t.email} is not null`),
  // Keyset pagination in both sort orders, inside one practice.
  index("clients_practice_name_idx").on(t.practiceId, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
  index("clients_practice_last_visit_idx").on(t.practiceId, sql`coalesce(${t.lastVisitAt}, '-infinity'::timestamptz)`, t.id),
  index("clients_portal_user_idx").on(t.portalUserId),
  // One person is at most one client of a practice (they may be a client of several practices).
  uniqueIndex("clients_practice_portal_user_key").on(t.practiceId, t.portalUserId).where(sql`${t.portalUserId} is not null`),
  check("clients_check_in_cadence_valid", sql`${t.checkInCadence} is null or (${t.checkInCadence} = 'before_session' and ${t.checkInEveryDays} is null) or (${t.checkInCadence} = 'every_days' and ${t.checkInEveryDays} between 1 and 365)`),
  check("clients_status_valid", sql`${t.status} in ('active', 'inactive', 'archived')`),
  check("clients_date_of_birth_range", dateInRange(t.dateOfBirth)),
]);

export const services = pgTable("services", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  description: text("description"),
  durationMinutes: integer("duration_minutes").notNull(),
  priceCents: integer("price_cents").notNull(),
  capacity: integer("capacity").notNull().default(1),
  active: boolean("active").notNull().default(true),
  /** "Time to book again" after a visit of this service; null = the practice's setting. */
  rebookAfterWeeks: integer("rebook_after_weeks"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  check("services_rebook_weeks_range", sql`${t.rebookAfterWeeks} is null or ${t.rebookAfterWeeks} between 1 and 104`),
  unique("services_practice_id_id_key").on(t.practiceId, t.id),
  uniqueIndex("services_practice_name_key").on(t.practiceId, sql`lower(${t.name})`),
  check("services_duration_range", sql`${t.durationMinutes} between 5 and 1440`),
  check("services_price_range", sql`${t.priceCents} between 0 and 100000000`),
  check("services_capacity_range", sql`${t.capacity} between 1 and 500`),
]);

// SOAP notes are append-only: an edit inserts revision n+1 of the same note_id and the old text stays.
// unique (note_id, revision) makes two simultaneous edits of one revision collide instead of both winning.
export const soapNotes = pgTable("soap_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  noteId: uuid("note_id").notNull(),
  revision: integer("revision").notNull(),
  revisionOf: uuid("revision_of"),
  /** The session this note documents, when it documents one (kept by every revision). */
  sessionId: uuid("session_id"),
  subjective: text("subjective").notNull().default(""),
  objective: text("objective").notNull().default(""),
  assessment: text("assessment").notNull().default(""),
  plan: text("plan").notNull().default(""),
  authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
}, (t) => [
  foreignKey({ name: "soap_notes_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  foreignKey({ name: "soap_notes_revision_of_fk", columns: [t.revisionOf], foreignColumns: [t.id] }),
  foreignKey({ name: "soap_notes_session_fk", columns: [t.practiceId, t.sessionId], foreignColumns: [sessions.practiceId, sessions.id] }),
  unique("soap_notes_note_revision_key").on(t.noteId, t.revision),
  index("soap_notes_practice_client_idx").on(t.practiceId, t.clientId, t.noteId, t.revision),
  index("soap_notes_author_idx").on(t.authorId),
  index("soap_notes_revision_of_idx").on(t.revisionOf),
  index("soap_notes_session_idx").on(t.practiceId, t.sessionId),
  check("soap_notes_revision_positive", sql`${t.revision} >= 1`),
]);

export const programTypes = ["group_series", "plan", "package"] as const;
export type ProgramType = (typeof programTypes)[number];

export const programs = pgTable("programs", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  description: text("description"),
  type: text("type", { enum: programTypes }).notNull(),
  /** Packages: the service the credits are for; null = any service. */
  serviceId: uuid("service_id"),
  startDate: date("start_date", { mode: "string" }),
  endDate: date("end_date", { mode: "string" }),
  /** Packages: credits sold; group series: planned sessions. */
  sessionsCount: integer("sessions_count"),
  priceCents: integer("price_cents"),
  validityDays: integer("validity_days"),
  /** Group series: only enrolled clients may attend its sessions. */
  closed: boolean("closed").notNull().default(false),
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("programs_practice_id_id_key").on(t.practiceId, t.id),
  foreignKey({ name: "programs_service_fk", columns: [t.practiceId, t.serviceId], foreignColumns: [services.practiceId, services.id] }),
  index("programs_practice_service_idx").on(t.practiceId, t.serviceId),
  check("programs_type_valid", sql`${t.type} in ('group_series', 'plan', 'package')`),
  check("programs_package_has_credits", sql`${t.type} <> 'package' or ${t.sessionsCount} between 1 and 500`),
  check("programs_price_range", sql`${t.priceCents} is null or ${t.priceCents} between 0 and 100000000`),
  check("programs_validity_range", sql`${t.validityDays} is null or ${t.validityDays} between 1 and 3660`),
  check("programs_start_date_range", dateInRange(t.startDate)),
  check("programs_end_date_range", dateInRange(t.endDate)),
]);

export const programPhases = pgTable("program_phases", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  programId: uuid("program_id").notNull(),
  name: text("name").notNull(),
  position: integer("position").notNull(),
  description: text("description"),
}, (t) => [
  unique("program_phases_practice_id_id_key").on(t.practiceId, t.id),
  unique("program_phases_program_position_key").on(t.programId, t.position),
  foreignKey({ name: "program_phases_program_fk", columns: [t.practiceId, t.programId], foreignColumns: [programs.practiceId, programs.id] }).onDelete("cascade"),
]);

export const enrollmentStatuses = ["active", "completed", "dropped", "expired"] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

export const programEnrollments = pgTable("program_enrollments", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  programId: uuid("program_id").notNull(),
  clientId: uuid("client_id").notNull(),
  enrolledAt: timestamp("enrolled_at", { withTimezone: true }).notNull().defaultNow(),
  status: text("status", { enum: enrollmentStatuses }).notNull().default("active"),
  /** Packages only; always equals the sum of this enrollment's ledger rows. */
  sessionsRemaining: integer("sessions_remaining"),
  completionDate: date("completion_date", { mode: "string" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  /** What the client owes for it, fixed when sold: a later price change does not rewrite old sales. */
  priceCents: integer("price_cents").notNull().default(0),
  /** Net of refunds, the sum of its completed payments: kept by settleEnrollment in the payment's transaction. */
  paidCents: integer("paid_cents").notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("program_enrollments_practice_id_id_key").on(t.practiceId, t.id),
  // One active enrollment per program and client; a finished package can be bought again.
  uniqueIndex("program_enrollments_active_key").on(t.programId, t.clientId).where(sql`${t.status} = 'active'`),
  foreignKey({ name: "program_enrollments_program_fk", columns: [t.practiceId, t.programId], foreignColumns: [programs.practiceId, programs.id] }).onDelete("cascade"),
  foreignKey({ name: "program_enrollments_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  index("program_enrollments_client_idx").on(t.practiceId, t.clientId),
  index("program_enrollments_program_idx").on(t.practiceId, t.programId),
  index("program_enrollments_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'active'`),
  check("program_enrollments_remaining_not_negative", sql`${t.sessionsRemaining} is null or ${t.sessionsRemaining} >= 0`),
  check("program_enrollments_status_valid", sql`${t.status} in ('active', 'completed', 'dropped', 'expired')`),
  check("program_enrollments_price_range", sql`${t.priceCents} between 0 and 100000000`),
]);

export const ledgerReasons = ["purchase", "booking", "cancel_refund", "late_cancel", "no_show", "adjustment", "expiry", "refund"] as const;
export type LedgerReason = (typeof ledgerReasons)[number];

// Append-only: every credit movement, so a balance can always be explained line by line.
export const creditLedger = pgTable("credit_ledger", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  enrollmentId: uuid("enrollment_id").notNull(),
  delta: integer("delta").notNull(),
  reason: text("reason", { enum: ledgerReasons }).notNull(),
  note: text("note"),
  sessionId: uuid("session_id"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
}, (t) => [
  foreignKey({ name: "credit_ledger_enrollment_fk", columns: [t.practiceId, t.enrollmentId], foreignColumns: [programEnrollments.practiceId, programEnrollments.id] }).onDelete("cascade"),
  index("credit_ledger_enrollment_idx").on(t.practiceId, t.enrollmentId, t.createdAt),
  index("credit_ledger_session_idx").on(t.practiceId, t.sessionId),
  index("credit_ledger_created_by_idx").on(t.createdBy),
  check("credit_ledger_reason_valid", sql`${t.reason} in ('purchase', 'booking', 'cancel_refund', 'late_cancel', 'no_show', 'adjustment', 'expiry', 'refund')`),
]);

export type SeriesRule = {
  /** ISO weekdays, Monday = 1 … Sunday = 7, in the practice's zone. */
  weekdays: number[];
  intervalWeeks: number;
  /** Wall-clock start in the practice's zone, kept across DST changes. */
  startTime: string;
  durationMinutes: number;
  firstDate: string;
  until?: string;
  count?: number;
  timezone: string;
};

export const sessionSeries = pgTable("session_series", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  rule: jsonb("rule").$type<SeriesRule>().notNull(),
  createdAt: createdAt(),
}, (t) => [unique("session_series_practice_id_id_key").on(t.practiceId, t.id)]);

export const sessionStatuses = ["scheduled", "completed", "canceled", "no_show"] as const;
export type SessionStatus = (typeof sessionStatuses)[number];
/** Who canceled a whole session decides the credits: a client's cancel follows the window, the practice's refunds. */
export const cancelParties = ["client", "practice"] as const;
export type CancelParty = (typeof cancelParties)[number];

// The exclusion constraint that makes double booking impossible is hand-written SQL in drizzle/
// (drizzle-kit cannot express EXCLUDE): see 0004_sessions_no_double_booking.sql.
export const sessions = pgTable("sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  serviceId: uuid("service_id"),
  practitionerId: uuid("practitioner_id").notNull(),
  seriesId: uuid("series_id"),
  title: text("title"),
  startTime: timestamp("start_time", { withTimezone: true }).notNull(),
  endTime: timestamp("end_time", { withTimezone: true }).notNull(),
  location: text("location"),
  capacity: integer("capacity").notNull().default(1),
  status: text("status", { enum: sessionStatuses }).notNull().default("scheduled"),
  notes: text("notes"),
  cancelReason: text("cancel_reason"),
  canceledBy: text("canceled_by", { enum: cancelParties }),
  externalEventId: text("external_event_id"),
  programId: uuid("program_id"),
  phaseId: uuid("phase_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("sessions_practice_id_id_key").on(t.practiceId, t.id),
  foreignKey({ name: "sessions_program_fk", columns: [t.practiceId, t.programId], foreignColumns: [programs.practiceId, programs.id] }),
  foreignKey({ name: "sessions_phase_fk", columns: [t.practiceId, t.phaseId], foreignColumns: [programPhases.practiceId, programPhases.id] }),
  index("sessions_program_idx").on(t.practiceId, t.programId, t.startTime),
  unique("sessions_practice_external_event_key").on(t.practiceId, t.externalEventId),
  foreignKey({ name: "sessions_service_fk", columns: [t.practiceId, t.serviceId], foreignColumns: [services.practiceId, services.id] }),
  // The practitioner is a member of this practice: (practice_id, user_id) is unique in memberships.
  foreignKey({ name: "sessions_practitioner_fk", columns: [t.practiceId, t.practitionerId], foreignColumns: [memberships.practiceId, memberships.userId] }),
  foreignKey({ name: "sessions_series_fk", columns: [t.practiceId, t.seriesId], foreignColumns: [sessionSeries.practiceId, sessionSeries.id] }).onDelete("set null"),
  index("sessions_practice_start_idx").on(t.practiceId, t.startTime),
  // The reminder scheduler looks across practices at what starts soon.
  index("sessions_scheduled_start_idx").on(t.startTime).where(sql`${t.status} = 'scheduled'`),
  index("sessions_practice_practitioner_start_idx").on(t.practiceId, t.practitionerId, t.startTime),
  index("sessions_service_idx").on(t.practiceId, t.serviceId),
  index("sessions_series_idx").on(t.practiceId, t.seriesId),
  check("sessions_end_after_start", sql`${t.endTime} > ${t.startTime}`),
  check("sessions_at_most_a_day", sql`${t.endTime} - ${t.startTime} <= interval '24 hours'`),
  check("sessions_start_range", instantInRange(t.startTime)),
  check("sessions_end_range", instantInRange(t.endTime)),
  check("sessions_capacity_range", sql`${t.capacity} between 1 and 500`),
  check("sessions_status_valid", sql`${t.status} in ('scheduled', 'completed', 'canceled', 'no_show')`),
  check("sessions_canceled_by_valid", sql`${t.canceledBy} is null or ${t.canceledBy} in ('client', 'practice')`),
]);

export const attendanceStatuses = ["registered", "attended", "canceled", "no_show"] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export const paymentStatuses = ["unpaid", "paid", "covered", "refunded", "waived"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const sessionAttendees = pgTable("session_attendees", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  sessionId: uuid("session_id").notNull(),
  clientId: uuid("client_id").notNull(),
  /** The package enrollment whose credit this booking used, if any. */
  enrollmentId: uuid("enrollment_id"),
  attendanceStatus: text("attendance_status", { enum: attendanceStatuses }).notNull().default("registered"),
  checkInTime: timestamp("check_in_time", { withTimezone: true }),
  /** Derived from payments, credits and a waiver (src/domain/payments.ts settles it under the row's lock). */
  paymentStatus: text("payment_status", { enum: paymentStatuses }).notNull().default("unpaid"),
  /** What this visit costs, fixed at booking from the service's price; 0 when a package or course covers it. */
  priceCents: integer("price_cents").notNull().default(0),
  /** Net of refunds, the sum of its completed payments: kept by settleAttendance in the payment's transaction. */
  paidCents: integer("paid_cents").notNull().default(0),
  /** Canceled or marked no-show by the session's own status change: reinstating the session restores exactly these. */
  changedWithSession: boolean("changed_with_session").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("session_attendees_practice_id_id_key").on(t.practiceId, t.id),
  unique("session_attendees_session_client_key").on(t.sessionId, t.clientId),
  foreignKey({ name: "session_attendees_session_fk", columns: [t.practiceId, t.sessionId], foreignColumns: [sessions.practiceId, sessions.id] }).onDelete("cascade"),
  foreignKey({ name: "session_attendees_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  foreignKey({ name: "session_attendees_enrollment_fk", columns: [t.practiceId, t.enrollmentId], foreignColumns: [programEnrollments.practiceId, programEnrollments.id] }),
  index("session_attendees_enrollment_idx").on(t.practiceId, t.enrollmentId),
  index("session_attendees_session_idx").on(t.practiceId, t.sessionId),
  index("session_attendees_client_idx").on(t.practiceId, t.clientId),
  check("session_attendees_status_valid", sql`${t.attendanceStatus} in ('registered', 'attended', 'canceled', 'no_show')`),
  check("session_attendees_payment_valid", sql`${t.paymentStatus} in ('unpaid', 'paid', 'covered', 'refunded', 'waived')`),
  check("session_attendees_price_range", sql`${t.priceCents} between 0 and 100000000`),
]);

export const metricTypes = ["number", "slider", "text"] as const;
export type MetricType = (typeof metricTypes)[number];

export const metricTemplates = pgTable("metric_templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  unit: text("unit"),
  type: text("type", { enum: metricTypes }).notNull(),
  minValue: numeric("min_value", { mode: "number" }),
  maxValue: numeric("max_value", { mode: "number" }),
  step: numeric("step", { mode: "number" }),
  /** Which way is progress: pain "lower", mood "higher"; null when it depends. */
  better: text("better", { enum: ["higher", "lower"] }),
  description: text("description"),
  archived: boolean("archived").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("metric_templates_practice_id_id_key").on(t.practiceId, t.id),
  uniqueIndex("metric_templates_practice_name_key").on(t.practiceId, sql`lower(${t.name})`),
  check("metric_templates_type_valid", sql`${t.type} in ('number', 'slider', 'text')`),
  check("metric_templates_slider_bounds", sql`${t.type} <> 'slider' or (${t.minValue} is not null and ${t.maxValue} is not null)`),
  check("metric_templates_bounds_order", sql`${t.minValue} is null or ${t.maxValue} is null or ${t.minValue} < ${t.maxValue}`),
  check("metric_templates_better_valid", sql`${t.better} is null or ${t.better} in ('higher', 'lower')`),
  check("metric_templates_min_range", metricNumberInRange(t.minValue)),
  check("metric_templates_max_range", metricNumberInRange(t.maxValue)),
  check("metric_templates_step_range", sql`${t.step} is null or ${t.step} > 0 and ${t.step} <= 1000000000`),
]);

export const clientMetricTemplates = pgTable("client_metric_templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  metricTemplateId: uuid("metric_template_id").notNull(),
  /** Part of the client's scheduled check-in (clients.check_in_cadence says when). */
  checkIn: boolean("check_in").notNull().default(false),
  createdAt: createdAt(),
}, (t) => [
  unique("client_metric_templates_key").on(t.practiceId, t.clientId, t.metricTemplateId),
  foreignKey({ name: "client_metric_templates_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  foreignKey({ name: "client_metric_templates_template_fk", columns: [t.practiceId, t.metricTemplateId], foreignColumns: [metricTemplates.practiceId, metricTemplates.id] }).onDelete("cascade"),
  index("client_metric_templates_template_idx").on(t.practiceId, t.metricTemplateId),
]);

export const serviceMetricTemplates = pgTable("service_metric_templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  serviceId: uuid("service_id").notNull(),
  metricTemplateId: uuid("metric_template_id").notNull(),
}, (t) => [
  unique("service_metric_templates_key").on(t.practiceId, t.serviceId, t.metricTemplateId),
  foreignKey({ name: "service_metric_templates_service_fk", columns: [t.practiceId, t.serviceId], foreignColumns: [services.practiceId, services.id] }).onDelete("cascade"),
  foreignKey({ name: "service_metric_templates_template_fk", columns: [t.practiceId, t.metricTemplateId], foreignColumns: [metricTemplates.practiceId, metricTemplates.id] }).onDelete("cascade"),
  index("service_metric_templates_template_idx").on(t.practiceId, t.metricTemplateId),
]);

export const clientMetrics = pgTable("client_metrics", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  metricTemplateId: uuid("metric_template_id").notNull(),
  // Numbers as numbers, so charts aggregate in SQL; text apart.
  valueNum: numeric("value_num", { mode: "number" }),
  valueText: text("value_text"),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  recordedByUserId: uuid("recorded_by_user_id").references(() => users.id, { onDelete: "set null" }),
  source: text("source", { enum: ["practitioner", "client"] }).notNull().default("practitioner"),
  createdAt: createdAt(),
}, (t) => [
  unique("client_metrics_practice_id_id_key").on(t.practiceId, t.id),
  foreignKey({ name: "client_metrics_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  foreignKey({ name: "client_metrics_template_fk", columns: [t.practiceId, t.metricTemplateId], foreignColumns: [metricTemplates.practiceId, metricTemplates.id] }).onDelete("cascade"),
  index("client_metrics_series_idx").on(t.practiceId, t.clientId, t.metricTemplateId, t.recordedAt),
  index("client_metrics_template_time_idx").on(t.practiceId, t.metricTemplateId, t.recordedAt),
  index("client_metrics_recorded_by_idx").on(t.recordedByUserId),
  check("client_metrics_one_value", sql`(${t.valueNum} is null) <> (${t.valueText} is null)`),
  check("client_metrics_source_valid", sql`${t.source} in ('practitioner', 'client')`),
  check("client_metrics_value_range", metricNumberInRange(t.valueNum)),
  check("client_metrics_recorded_at_range", instantInRange(t.recordedAt)),
]);

// Daily roll-up of numeric values (UTC days), kept in the same transaction as every change to
// client_metrics, so a year or "all" chart reads a few hundred rows instead of 200,000.
export const clientMetricDays = pgTable("client_metric_days", {
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  metricTemplateId: uuid("metric_template_id").notNull(),
  day: date("day", { mode: "string" }).notNull(),
  n: integer("n").notNull(),
  sum: doublePrecision("sum").notNull(),
  min: doublePrecision("min").notNull(),
  max: doublePrecision("max").notNull(),
}, (t) => [
  primaryKey({ name: "client_metric_days_pkey", columns: [t.practiceId, t.clientId, t.metricTemplateId, t.day] }),
  foreignKey({ name: "client_metric_days_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  foreignKey({ name: "client_metric_days_template_fk", columns: [t.practiceId, t.metricTemplateId], foreignColumns: [metricTemplates.practiceId, metricTemplates.id] }).onDelete("cascade"),
  // With the day: the practice overview reads one metric's last N weeks across every client.
  index("client_metric_days_template_day_idx").on(t.practiceId, t.metricTemplateId, t.day),
]);

export const integrationKinds = ["calendly", "stripe"] as const;
export type IntegrationKind = (typeof integrationKinds)[number];

/**
 * A practice's connection to another service. The webhook URL names the connection by `public_id` (random,
 * unguessable), so an event can only ever land in the practice that connected it; `secret` is the signing
 * key that service gave the practice, kept as given because verifying an HMAC needs the key itself.
 */
export const integrations = pgTable("integrations", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  kind: text("kind", { enum: integrationKinds }).notNull(),
  publicId: text("public_id").notNull(),
  /** Null until the practice pastes the key Calendly shows for the URL (the URL comes first). */
  secret: text("secret"),
  /** Stripe: whether the connected account may take charges yet (onboarding finished). */
  ready: boolean("ready").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("integrations_practice_kind_key").on(t.practiceId, t.kind),
  unique("integrations_public_id_key").on(t.publicId),
  check("integrations_kind_valid", sql`${t.kind} in ('calendly', 'stripe')`),
]);

/** A booking another service sent that could not be placed (it clashes): kept in sight until someone deals with it. */
export const unplacedBookings = pgTable("unplaced_bookings", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  source: text("source", { enum: integrationKinds }).notNull(),
  externalEventId: text("external_event_id").notNull(),
  inviteeName: text("invitee_name").notNull(),
  inviteeEmail: text("invitee_email").notNull(),
  title: text("title"),
  startTime: timestamp("start_time", { withTimezone: true }).notNull(),
  endTime: timestamp("end_time", { withTimezone: true }).notNull(),
  reason: text("reason").notNull(),
  createdAt: createdAt(),
  resolvedAt: timestamp("resolved_at", { withTimezone: true }),
}, (t) => [
  unique("unplaced_bookings_event_key").on(t.practiceId, t.source, t.externalEventId),
  index("unplaced_bookings_open_idx").on(t.practiceId, t.resolvedAt),
  check("unplaced_bookings_source_valid", sql`${t.source} in ('calendly')`),
  check("unplaced_bookings_start_range", instantInRange(t.startTime)),
  check("unplaced_bookings_end_range", instantInRange(t.endTime)),
]);

export type Integration = typeof integrations.$inferSelect;
export type UnplacedBooking = typeof unplacedBookings.$inferSelect;
export type MetricTemplate = typeof metricTemplates.$inferSelect;
export type ClientMetric = typeof clientMetrics.$inferSelect;
export type Program = typeof programs.$inferSelect;
export type ProgramPhase = typeof programPhases.$inferSelect;
export type ProgramEnrollment = typeof programEnrollments.$inferSelect;
export type LedgerRow = typeof creditLedger.$inferSelect;
export type User = typeof users.$inferSelect;
export type CalendarSession = typeof sessions.$inferSelect;
export type SessionAttendee = typeof sessionAttendees.$inferSelect;
export type Client = typeof clients.$inferSelect;
export type Service = typeof services.$inferSelect;
export type SoapNote = typeof soapNotes.$inferSelect;
export type Practice = typeof practices.$inferSelect;
export type Membership = typeof memberships.$inferSelect;

/**
 * A form post that creates something carries a key made when the form was drawn. Claiming it in the same
 * transaction as the create makes a retry (a double tap, "Try again" after a dropped connection whose
 * first request did arrive) answer with what the first one made instead of making it twice.
 */
export const formSubmissions = pgTable("form_submissions", {
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  key: uuid("key").notNull(),
  /** What the first submission created, for the retry's answer (e.g. the session to show). */
  resultId: uuid("result_id"),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ name: "form_submissions_pkey", columns: [t.practiceId, t.key] }),
  index("form_submissions_created_idx").on(t.createdAt),
]);

export const paymentMethods = ["card", "card_terminal", "cash", "bank_transfer", "other"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export const paymentRecordStatuses = ["pending", "completed", "failed", "refunded"] as const;
export type PaymentRecordStatus = (typeof paymentRecordStatuses)[number];

/**
 * Money received (or on its way, for a card checkout): against one visit, one enrollment, or neither
 * (account credit). `refunded_cents` grows with each refund; `refunded` means all of it went back.
 * A card payment names the Stripe account it was taken on, so its refund goes back through that account.
 */
export const payments = pgTable("payments", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  sessionAttendeeId: uuid("session_attendee_id"),
  enrollmentId: uuid("enrollment_id"),
  amountCents: integer("amount_cents").notNull(),
  currency: char("currency", { length: 3 }).notNull(),
  status: text("status", { enum: paymentRecordStatuses }).notNull(),
  method: text("method", { enum: paymentMethods }).notNull(),
  note: text("note"),
  paidAt: timestamp("paid_at", { withTimezone: true }),
  refundedCents: integer("refunded_cents").notNull().default(0),
  /** The client's pay link (/pay/:token) while a card payment is asked for; random and unguessable. */
  payToken: text("pay_token"),
  stripeAccountId: text("stripe_account_id"),
  stripeCheckoutSessionId: text("stripe_checkout_session_id"),
  stripePaymentIntentId: text("stripe_payment_intent_id"),
  recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("payments_practice_id_id_key").on(t.practiceId, t.id),
  unique("payments_pay_token_key").on(t.payToken),
  unique("payments_checkout_session_key").on(t.stripeCheckoutSessionId),
  unique("payments_payment_intent_key").on(t.stripePaymentIntentId),
  foreignKey({ name: "payments_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  // The migration says ON DELETE SET NULL (session_attendee_id) / (enrollment_id): only the item is forgotten,
  // never the practice (drizzle cannot spell the column list; PostgreSQL 15+ and PGlite can).
  foreignKey({ name: "payments_attendee_fk", columns: [t.practiceId, t.sessionAttendeeId], foreignColumns: [sessionAttendees.practiceId, sessionAttendees.id] }).onDelete("set null"),
  foreignKey({ name: "payments_enrollment_fk", columns: [t.practiceId, t.enrollmentId], foreignColumns: [programEnrollments.practiceId, programEnrollments.id] }).onDelete("set null"),
  index("payments_client_idx").on(t.practiceId, t.clientId, t.createdAt),
  index("payments_practice_created_idx").on(t.practiceId, t.createdAt),
  index("payments_attendee_idx").on(t.practiceId, t.sessionAttendeeId),
  index("payments_enrollment_idx").on(t.practiceId, t.enrollmentId),
  index("payments_recorded_by_idx").on(t.recordedBy),
  check("payments_one_item", sql`${t.sessionAttendeeId} is null or ${t.enrollmentId} is null`),
  check("payments_amount_range", sql`${t.amountCents} between 1 and 100000000`),
  check("payments_refunded_range", sql`${t.refundedCents} between 0 and ${t.amountCents}`),
  check("payments_currency_upper", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  check("payments_status_valid", sql`${t.status} in ('pending', 'completed', 'failed', 'refunded')`),
  check("payments_method_valid", sql`${t.method} in ('card', 'card_terminal', 'cash', 'bank_transfer', 'other')`),
  check("payments_paid_when_settled", sql`${t.status} not in ('completed', 'refunded') or ${t.paidAt} is not null`),
  check("payments_paid_at_range", sql`${t.paidAt} is null or (${instantInRange(t.paidAt)})`),
]);
export type Payment = typeof payments.$inferSelect;

/**
 * Every Stripe event we accepted, by Stripe's id: inserting it first makes a replay a no-op (DESIGN rule:
 * an event is applied once). An event that names a payment we do not know yet (a refund delivered before
 * its checkout completed) keeps its payload and `waiting_for` until that payment arrives.
 */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  account: text("account"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp("processed_at", { withTimezone: true }),
  waitingFor: text("waiting_for"),
  payload: jsonb("payload"),
}, (t) => [
  index("stripe_events_waiting_idx").on(t.waitingFor).where(sql`${t.processedAt} is null`),
]);

export const followUpTypes = ["call", "email", "sms", "admin"] as const;
export type FollowUpType = (typeof followUpTypes)[number];

/** Tasks after a session or about a client: a call two days later, an email, an admin chore. */
export const followUps = pgTable("follow_ups", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  sessionId: uuid("session_id"),
  type: text("type", { enum: followUpTypes }).notNull(),
  notes: text("notes").notNull().default(""),
  dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
  completedAt: timestamp("completed_at", { withTimezone: true }),
  /** A member of the practice (memberships.user_id); null = whoever picks it up. */
  assigneeId: uuid("assignee_id"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  unique("follow_ups_practice_id_id_key").on(t.practiceId, t.id),
  foreignKey({ name: "follow_ups_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  // ON DELETE SET NULL (session_id) in the migration: a follow-up outlives a deleted session (drizzle-kit cannot say so).
  foreignKey({ name: "follow_ups_session_fk", columns: [t.practiceId, t.sessionId], foreignColumns: [sessions.practiceId, sessions.id] }).onDelete("set null"),
  foreignKey({ name: "follow_ups_assignee_fk", columns: [t.practiceId, t.assigneeId], foreignColumns: [memberships.practiceId, memberships.userId] }),
  index("follow_ups_due_idx").on(t.practiceId, t.completedAt, t.dueAt),
  index("follow_ups_client_idx").on(t.practiceId, t.clientId, t.dueAt),
  index("follow_ups_session_idx").on(t.practiceId, t.sessionId),
  index("follow_ups_created_by_idx").on(t.createdBy),
  check("follow_ups_type_valid", sql`${t.type} in ('call', 'email', 'sms', 'admin')`),
  check("follow_ups_due_range", instantInRange(t.dueAt)),
]);
export type FollowUp = typeof followUps.$inferSelect;

export const outboxStatuses = ["pending", "sending", "sent", "failed", "dead", "canceled"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
export const outboxKinds = ["reminder", "booking_confirmation", "cancellation", "follow_up", "password_reset", "invitation", "check_in"] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/** What the worker hands to the provider: rendered when the row is written, so a send never depends on later data. */
export type OutboxMessage = {
  fromName: string;
  html: string;
  text: string;
  replyTo?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string }[];
};

/**
 * Every email, written in the transaction of the change that causes it and delivered by the worker
 * (src/jobs/outbox-worker.ts). `dedupe_key` makes "once per cause" a unique key; `next_attempt_at` is
 * both the retry time and, while `sending`, the end of the claimer's lease.
 */
export const outbox = pgTable("outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Null for mail about a login rather than a practice's work (a staff password reset). */
  practiceId: uuid("practice_id").references(() => practices.id, { onDelete: "cascade" }),
  kind: text("kind", { enum: outboxKinds }).notNull(),
  toAddress: text("to_address").notNull(),
  subject: text("subject").notNull(),
  payload: jsonb("payload").$type<OutboxMessage>().notNull(),
  dedupeKey: text("dedupe_key").notNull(),
  status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
  providerId: text("provider_id"),
  lastError: text("last_error"),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  clientId: uuid("client_id"),
  sessionId: uuid("session_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
  index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending', 'failed')`),
  index("outbox_practice_created_idx").on(t.practiceId, t.createdAt),
  index("outbox_client_idx").on(t.practiceId, t.clientId, t.createdAt),
  index("outbox_session_idx").on(t.practiceId, t.sessionId),
  check("outbox_status_valid", sql`${t.status} in ('pending', 'sending', 'sent', 'failed', 'dead', 'canceled')`),
  check("outbox_sent_has_provider_id", sql`${t.status} <> 'sent' or ${t.providerId} is not null`),
  check("outbox_attempts_range", sql`${t.attempts} >= 0`),
]);
export type OutboxRow = typeof outbox.$inferSelect;

/** Single-use, one-hour password reset links; only the SHA-256 of the secret is kept. */
export const passwordResetTokens = pgTable("password_reset_tokens", {
  id: text("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  secretHash: bytea("secret_hash").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index("password_reset_tokens_user_idx").on(t.userId)]);

/**
 * Portal invitations: a single-use link that works for 7 days; only the SHA-256 of its secret is kept.
 * Sending a new one deletes the client's unused ones, so only the newest email works.
 */
export const clientInvites = pgTable("client_invites", {
  id: text("id").primaryKey(),
  practiceId: uuid("practice_id").notNull().references(() => practices.id, { onDelete: "cascade" }),
  clientId: uuid("client_id").notNull(),
  /** The address the link was sent to: accepting it needs a login with that address. */
  email: text("email").notNull(),
  secretHash: bytea("secret_hash").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
}, (t) => [
  foreignKey({ name: "client_invites_client_fk", columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }).onDelete("cascade"),
  index("client_invites_client_idx").on(t.practiceId, t.clientId, t.createdAt),
  index("client_invites_created_by_idx").on(t.createdBy),
]);
export type ClientInvite = typeof clientInvites.$inferSelect;
