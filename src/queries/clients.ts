import { and, asc, desc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clientMetrics, clients, metricTemplates, services, sessionAttendees, sessions, type Client, type ClientStatus, type IntakeAnswers } from "../db/schema.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { isStorableText } from "../lib/storable-text.js";
import { isInstantInRange } from "../lib/time.js";

export type ClientStatusFilter = "current" | ClientStatus | "all";
export type ClientSort = "name" | "last_visit";
export type ClientListQuery = { q?: string; status?: ClientStatusFilter; sort?: ClientSort; after?: string; limit?: number };
export type ClientPage = { clients: Client[]; nextCursor: string | null };

export type ClientValues = {
  firstName: string; lastName: string; email: string | null; phone: string | null;
  address: string | null; dateOfBirth: string | null; notes: string | null; status: ClientStatus;
};

export async function findClient(db: Db, practiceId: string, clientId: string) {
  const [client] = await db.select().from(clients).where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId)));
  return client ?? null; // the route turns null into 404; another practice's id looks the same
}

export async function findClientByEmail(db: Db, practiceId: string, email: string) {
  const [client] = await db.select().from(clients)
    .where(and(eq(clients.practiceId, practiceId), sql`lower(${clients.email}) = lower(${email})`));
  return client ?? null;
}

/** Locks the row for the rest of the transaction, so two edits of one client apply one after the other. */
export async function findClientForUpdate(db: Db, practiceId: string, clientId: string) {
  const [client] = await db.select().from(clients)
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).for("update");
  return client ?? null;
}

export async function insertClient(db: Db, practiceId: string, values: ClientValues) {
  const [client] = await db.insert(clients).values({ ...values, practiceId }).returning();
  return client!;
}

export async function updateClientRow(db: Db, practiceId: string, clientId: string, values: Partial<ClientValues>) {
  const [client] = await db.update(clients).set({ ...values, updatedAt: new Date() })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).returning();
  return client ?? null;
}

// LIKE treats % and _ as wildcards: a search for "50%" must look for the characters.
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Every word must appear in the name or email; a word with 3+ digits also matches the phone, ignoring spaces. */
function searchCondition(q: string): SQL | undefined {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6);
  if (!words.length) return undefined;
  const haystack = sql`lower(${clients.firstName} || ' ' || ${clients.lastName} || ' ' || coalesce(${clients.email}, ''))`;
  return and(...words.map((word) => {
    const byText = sql`${haystack} like ${`%${likeEscape(word)}%`}`;
    const digits = word.replace(/\D/g, "");
    if (digits.length < 3 || digits.length < word.replace(/[\s()+.-]/g, "").length) return byText;
    return sql`(${byText} or regexp_replace(coalesce(${clients.phone}, ''), '\\D', '', 'g') like ${`%${digits}%`})`;
  }));
}

const statusCondition = (status: ClientStatusFilter) =>
  status === "all" ? undefined : status === "current" ? ne(clients.status, "archived") : eq(clients.status, status);

const lastVisitKey = sql`coalesce(${clients.lastVisitAt}, '-infinity'::timestamptz)`;

// Keyset pagination: the cursor is the sort key of the last row shown, so page 40 costs what page 1 does.
type Cursor = [string, string, string] | [string, string];
const encodeCursor = (key: Cursor) => Buffer.from(JSON.stringify(key)).toString("base64url");
function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === "string" && k.length < 300 && isStorableText(k))) return key;
  } catch { /* fall through */ }
  throw new DomainError("bad_request", "That page link is no longer valid: start from the first page.");
}

// Only what encodeCursor writes (Date#toISOString): Date.parse also takes "hello 2026", which PostgreSQL does not.
const isCursorInstant = (text: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) && isInstantInRange(new Date(text));

export async function listClients(db: Db, practiceId: string, query: ClientListQuery = {}): Promise<ClientPage> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const sort = query.sort ?? "name";
  const conditions = [eq(clients.practiceId, practiceId), statusCondition(query.status ?? "current"), searchCondition(query.q ?? "")];

  if (query.after && sort === "name") {
    const [last, first, id] = decodeCursor(query.after, 3);
    if (!isUuid(id)) throw new DomainError("bad_request", "That page link is no longer valid.");
    conditions.push(sql`(lower(${clients.lastName}), lower(${clients.firstName}), ${clients.id}) > (${last}, ${first}, ${id}::uuid)`);
  } else if (query.after) {
    const [visit, id] = decodeCursor(query.after, 2);
    if (!isUuid(id) || !(visit === "-infinity" || isCursorInstant(visit!))) throw new DomainError("bad_request", "That page link is no longer valid.");
    conditions.push(sql`(${lastVisitKey}, ${clients.id}) < (${visit}::timestamptz, ${id}::uuid)`);
  }

  const order = sort === "name"
    ? [asc(sql`lower(${clients.lastName})`), asc(sql`lower(${clients.firstName})`), asc(clients.id)]
    : [desc(lastVisitKey), desc(clients.id)];
  // The cursor takes lower() from the database, not from JavaScript: the two disagree on some letters.
  const rows = await db.select({ client: clients, lastKey: sql<string>`lower(${clients.lastName})`, firstKey: sql<string>`lower(${clients.firstName})` })
    .from(clients).where(and(...conditions)).orderBy(...order).limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const more = rows.length > limit && last;
  const nextCursor = !more ? null : sort === "name"
    ? encodeCursor([last.lastKey, last.firstKey, last.client.id])
    : encodeCursor([last.client.lastVisitAt ? last.client.lastVisitAt.toISOString() : "-infinity", last.client.id]);
  return { clients: page.map((r) => r.client), nextCursor };
}

/** A check-in moves the client's last visit forward, never back (a late check-in of an old session). */
export async function recordVisit(db: Db, practiceId: string, clientId: string, at: Date) {
  await db.update(clients).set({ lastVisitAt: sql`greatest(coalesce(${clients.lastVisitAt}, '-infinity'::timestamptz), ${at.toISOString()}::timestamptz)` })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId)));
}

/** After an undone check-in: the last visit is the latest session the client really attended. */
export async function recomputeLastVisit(db: Db, practiceId: string, clientId: string) {
  await db.update(clients).set({ lastVisitAt: sql`(
      select max(s.start_time) from session_attendees a join sessions s on s.practice_id = a.practice_id and s.id = a.session_id
      where a.practice_id = ${practiceId} and a.client_id = ${clientId} and a.attendance_status = 'attended')` })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId)));
}

export async function findClientsByIds(db: Db, practiceId: string, clientIds: string[]) {
  if (!clientIds.length) return [];
  return db.select().from(clients).where(and(eq(clients.practiceId, practiceId), inArray(clients.id, clientIds.slice(0, 200))))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
}

/** The portal's intake answers (src/domain/intake.ts); the contact columns go through updateClientRow. */
export async function setClientIntake(db: Db, practiceId: string, clientId: string, intake: IntakeAnswers) {
  const [client] = await db.update(clients).set({ intake, updatedAt: new Date() })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).returning();
  return client ?? null;
}

/** Every booking of one client, oldest first, with its session and service: the client's own data download. */
export async function listClientSessionHistory(db: Db, practiceId: string, clientId: string) {
  return db.select({
    startTime: sessions.startTime, endTime: sessions.endTime, title: sessions.title, serviceName: services.name, location: sessions.location,
    sessionStatus: sessions.status, attendanceStatus: sessionAttendees.attendanceStatus, paymentStatus: sessionAttendees.paymentStatus,
    priceCents: sessionAttendees.priceCents, paidCents: sessionAttendees.paidCents,
  }).from(sessionAttendees)
    .innerJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.clientId, clientId)))
    .orderBy(asc(sessions.startTime), asc(sessions.id));
}

/** One client's metric values with their metric's name and unit, oldest first, at most `limit`: the data download. */
export async function listClientMetricValues(db: Db, practiceId: string, clientId: string, limit: number) {
  return db.select({
    name: metricTemplates.name, unit: metricTemplates.unit, valueNum: clientMetrics.valueNum, valueText: clientMetrics.valueText,
    recordedAt: clientMetrics.recordedAt, source: clientMetrics.source,
  }).from(clientMetrics)
    .innerJoin(metricTemplates, and(eq(metricTemplates.practiceId, clientMetrics.practiceId), eq(metricTemplates.id, clientMetrics.metricTemplateId)))
    .where(and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.clientId, clientId)))
    .orderBy(asc(clientMetrics.recordedAt), asc(clientMetrics.id)).limit(limit);
}
