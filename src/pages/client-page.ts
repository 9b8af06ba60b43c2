// The client page shows several nouns: sessions, programs and credits, progress metrics and SOAP notes.
// Its data is assembled here, once, for the full page and for every fragment that re-renders one of its
// sections (a logged value, an enrollment, a canceled booking), so no route imports another route and
// each section is loaded the same way wherever it appears.
import type { Db } from "../db/client.js";
import type { Client, ClientMetric, LedgerRow, MetricTemplate, Practice, Program, ProgramEnrollment } from "../db/schema.js";
import { todayIn } from "../lib/time.js";
import { chartSeriesByTemplate, latestMetricsByTemplate, listTemplates, listTemplatesShownForClient, type ChartSeries } from "../queries/metrics.js";
import { currentPhases, listActivePrograms, listClientEnrollments } from "../queries/programs.js";
import { listClientBookings, type ClientBooking } from "../queries/sessions.js";
import { listCurrentNotes } from "../queries/soap-notes.js";
import { listClientPayments, listOwedEnrollments, listOwedVisits, type OwedEnrollment, type OwedVisit, type PaymentListRow } from "../queries/payments.js";
import { connectedAccount } from "../domain/card-payments.js";
import { owedUntil } from "../domain/payments.js";
import type { Env } from "../env.js";
import { loadClientNotifications, type ClientNotifications } from "./notifications.js";
import { loadClientFollowUps, type ClientFollowUpsSection } from "./follow-ups-page.js";
import { loadPortalStatus, type PortalStatus } from "../domain/portal-invites.js";

const DAY_MS = 86_400_000;
const CARD_DAYS = 90;
// A card's chart is a few hundred pixels wide: past this many entries in its 90 days it draws daily
// averages with their min and max (≤ 91 points) instead of every entry; the metric's page has them all.
const CARD_MAX_POINTS = 200;

export type Bookings = { upcoming: ClientBooking[]; past: ClientBooking[] };
export type ClientEnrollment = { enrollment: ProgramEnrollment; program: Program; ledger: LedgerRow[] };
export type ProgramsSection = { enrollments: ClientEnrollment[]; phases: Map<string, string>; programs: Program[] };
export type CardData = { template: MetricTemplate; series: ChartSeries | null; recent: ClientMetric[] };
/** A metric the client tracks, and whether it is part of their scheduled check-in (the Check-ins section's form). */
export type CheckInChoice = { templateId: string; name: string; checkIn: boolean };
export type MetricsSection = { cards: CardData[]; unassigned: MetricTemplate[]; checkInChoices: CheckInChoice[] };
export type PaymentsSection = {
  owedVisits: OwedVisit[]; owedEnrollments: OwedEnrollment[]; payments: PaymentListRow[]; owedCents: number; currency: string;
  /** Why card payments cannot be asked for here (not configured, not connected), or null when they can. */
  cardsUnavailable: string | null;
  appUrl: string;
};
export type NotesSection = { notes: Awaited<ReturnType<typeof listCurrentNotes>>; sessions: ClientBooking[] };

export type ClientPage = {
  client: Client; today: string; bookings: Bookings; programs: ProgramsSection; metrics: MetricsSection; notes: NotesSection; payments: PaymentsSection;
  followUps: ClientFollowUpsSection;
  notifications: ClientNotifications;
  portal: PortalStatus;
  /** Whether the page needs the chart library: only when a numeric metric is tracked. */
  charts: boolean;
};

/** `userId` is who is looking: the follow-up form assigns to them unless told otherwise. */
export async function loadClientPage(db: Db, practice: Practice, env: Env, client: Client, userId: string, now = new Date()): Promise<ClientPage> {
  const [notes, bookings, programs, metrics, payments, followUps, notifications, portal] = await Promise.all([
    listCurrentNotes(db, practice.id, client.id),
    listClientBookings(db, practice.id, client.id, now),
    loadProgramsSection(db, practice.id, client.id),
    loadMetricsSection(db, practice.id, client.id, now),
    loadPaymentsSection(db, practice, env, client.id),
    loadClientFollowUps(db, practice, client.id, userId, now),
    loadClientNotifications(db, practice.id, client),
    loadPortalStatus(db, practice.id, client, now),
  ]);
  return {
    client, today: todayIn(practice.timezone, now), bookings, programs, metrics, payments, followUps,
    notes: { notes, sessions: bookings.past }, notifications, portal,
    charts: metrics.cards.some((card) => card.template.type !== "text"),
  };
}

/** Programs and credits: three queries; also sent out of band after a booking changes a balance. */
export async function loadProgramsSection(db: Db, practiceId: string, clientId: string): Promise<ProgramsSection> {
  const [enrollments, phases, programs] = await Promise.all([
    listClientEnrollments(db, practiceId, clientId),
    currentPhases(db, practiceId, clientId),
    listActivePrograms(db, practiceId),
  ]);
  return { enrollments, phases, programs };
}

/** Who owes what for this client, and what they paid; also re-rendered after each payment and while a card payment is on its way. */
export async function loadPaymentsSection(db: Db, practice: Practice, env: Env, clientId: string): Promise<PaymentsSection> {
  const [owedVisits, owedEnrollments, payments, cards] = await Promise.all([
    listOwedVisits(db, practice.id, owedUntil(practice.timezone), clientId, 50),
    listOwedEnrollments(db, practice.id, clientId, 50),
    listClientPayments(db, practice.id, clientId, 20),
    connectedAccount(db, env, practice.id),
  ]);
  const owedCents = owedVisits.reduce((sum, v) => sum + v.attendee.priceCents - v.attendee.paidCents, 0)
    + owedEnrollments.reduce((sum, e) => sum + e.enrollment.priceCents - e.enrollment.paidCents, 0);
  return { owedVisits, owedEnrollments, payments, owedCents, currency: practice.currency, cardsUnavailable: cards.why, appUrl: env.appUrl };
}

/** Progress: a card per tracked metric, and the metrics the client could start tracking. */
export async function loadMetricsSection(db: Db, practiceId: string, clientId: string, now = new Date()): Promise<MetricsSection> {
  const [assigned, all] = await Promise.all([listTemplatesShownForClient(db, practiceId, clientId), listTemplates(db, practiceId)]);
  const tracked = new Set(assigned.map((t) => t.id));
  return {
    cards: await loadMetricCards(db, practiceId, clientId, assigned, now), unassigned: all.filter((t) => !tracked.has(t.id)), checkInChoices: checkInChoicesOf(assigned),
  };
}

/** Of the metrics shown, those the client tracks (checkIn is null for one shown only for its values): read with the cards, no query of its own. */
const checkInChoicesOf = (shown: Awaited<ReturnType<typeof listTemplatesShownForClient>>): CheckInChoice[] =>
  shown.flatMap((t) => (t.checkIn === null ? [] : [{ templateId: t.id, name: t.name, checkIn: t.checkIn }]));

/** The Check-ins section's choices on their own, after a save. */
export const loadCheckInChoices = async (db: Db, practiceId: string, clientId: string) =>
  checkInChoicesOf(await listTemplatesShownForClient(db, practiceId, clientId));

/** A text card lists its latest entries; a number card shows the latest value above its chart. */
const entriesOnCard = (t: MetricTemplate) => (t.type === "text" ? 10 : 1);

/**
 * What the cards need: the last 90 days as a chart (numbers) or the latest entries (text). A few queries
 * for all the cards together, not a few per card: a client tracking seven metrics cost 20 queries when
 * each card loaded its own, and the per-query overhead was most of the page's time.
 */
export async function loadMetricCards(db: Db, practiceId: string, clientId: string, templates: MetricTemplate[], now = new Date()): Promise<CardData[]> {
  const numeric = templates.filter((t) => t.type !== "text").map((t) => t.id);
  const [series, recent] = await Promise.all([
    chartSeriesByTemplate(db, practiceId, clientId, numeric, new Date(now.getTime() - CARD_DAYS * DAY_MS), now, CARD_MAX_POINTS),
    latestMetricsByTemplate(db, practiceId, clientId, templates.map((t) => t.id), Math.max(1, ...templates.map(entriesOnCard))),
  ]);
  return templates.map((template) => ({
    template, series: series.get(template.id) ?? null, recent: recent.get(template.id)!.slice(0, entriesOnCard(template)),
  }));
}

/** The notes section on its own (after a note is added over htmx): notes plus the sessions a note can document. */
export async function loadNotesSection(db: Db, practiceId: string, clientId: string, now = new Date()): Promise<NotesSection> {
  const [notes, bookings] = await Promise.all([listCurrentNotes(db, practiceId, clientId), listClientBookings(db, practiceId, clientId, now)]);
  return { notes, sessions: bookings.past };
}
