// The client portal's isolation sweep. A portal client's login is tried against every route of the app (asked of
// Hono, so a route added tomorrow is swept the day it is added), with the ids of their own records and with
// those of another client of the same practice and of a client of another practice. No answer may show the
// others' data, no practitioner page may open, and the others' rows in the database must be exactly as they were.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { PORTAL_CLIENT_COOKIE } from "../src/auth/middleware.js";
import { createSession, SESSION_COOKIE } from "../src/auth/session.js";
import { newToken } from "../src/auth/tokens.js";
import { clientMetrics, type Practice } from "../src/db/schema.js";
import { addAttendee } from "../src/domain/booking.js";
import { enrollClient } from "../src/domain/credits.js";
import { CONSENT, intakeForm, saveIntake } from "../src/domain/intake.js";
import { createTemplate, logMetric, starterTemplates, trackMetric } from "../src/domain/metrics.js";
import { recordPayment } from "../src/domain/payments.js";
import { todayIn } from "../src/lib/time.js";
import { insertClientInvite } from "../src/queries/client-invites.js";
import { enqueueEmail } from "../src/queries/outbox.js";
import { insertPasswordResetToken } from "../src/queries/password-resets.js";
import { insertPayment } from "../src/queries/payments.js";
import { recordUnplacedBooking } from "../src/queries/unplaced-bookings.js";
import { aClient, aFollowUp, anEmail, aPortalClient, aPracticeWithStaff, aProgram, aService, aSession, aSoapNote } from "./factories.js";
import { jsonFor, paramValue, type Ids } from "./generated-input.js";
import { aBrowser, testApp, testDb, type Reply } from "./harness.js";
import { formFor as validForms } from "./route-forms.js";

/** An id that names nothing: what a public route's credential (a pay link, an invitation) is filled with for someone else. */
const NOTHING = "00000000-0000-4000-8000-000000000000";
const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : result.rows);

// ---------------------------------------------------------------------------------------------------------
// The people. Each has a portal login and one of everything a route's path can name, with names and texts
// that appear nowhere else (Zebulon, Xanthe…), so their showing up in an answer is a leak.

type Person = Awaited<ReturnType<typeof aPortalClientWithRecords>>;

async function aPortalClientWithRecords(practice: Practice, staffId: string, name: { first: string; last: string; label: string }, start: string,
  shared: { serviceId: string; programId: string; groupSessionId: string }) {
  const db = testDb();
  const email = anEmail(name.label);
  const portal = await aPortalClient(practice.id, staffId, { firstName: name.first, lastName: name.last, email });
  const client = portal.client;
  const session = await aSession(practice, staffId, { title: `${name.first}'s own session`, start, serviceId: shared.serviceId });
  await addAttendee(db, practice, staffId, session.id, client.id);
  await addAttendee(db, practice, staffId, shared.groupSessionId, client.id);
  const enrollment = await enrollClient(db, practice, staffId, shared.programId, client.id);
  const template = await createTemplate(db, practice.id, staffId, { ...starterTemplates[0]!, name: `${name.first} sleep score` });
  await trackMetric(db, practice.id, staffId, client.id, template);
  const metric = await logMetric(db, practice, staffId, client.id, template, 4, undefined);
  const note = await aSoapNote(practice.id, client.id, staffId, { subjective: `${name.first} private note` });
  const followUp = await aFollowUp(practice.id, client.id, staffId, { type: "email", notes: `${name.first} follow-up call` });
  const payment = await recordPayment(db, practice, staffId, { clientId: client.id, item: null, amountCents: 4200, method: "cash", paidAt: new Date(), note: `${name.first} payment` });
  const payToken = randomBytes(24).toString("base64url");
  await insertPayment(db, practice.id, { clientId: client.id, amountCents: 2500, currency: practice.currency, status: "pending", method: "card", payToken });
  const intake = intakeForm(todayIn(practice.timezone)).parse({ healthNotes: `${name.first} knee history`, emergencyContactName: `${name.first} Emergency`,
    consent: "yes", consentVersion: CONSENT.version });
  await saveIntake(db, practice.id, portal.user.id, client.id, intake);
  const reminder = await enqueueEmail(db, practice.id, { kind: "reminder", to: email, subject: `Reminder for ${name.first}`, message: { fromName: practice.name, html: "", text: "" },
    dedupeKey: `portal-isolation:${client.id}`, clientId: client.id, sessionId: session.id });
  const booking = await recordUnplacedBooking(db, practice.id, { source: "calendly", externalEventId: `ev-${client.id}`, inviteeName: `${name.first} ${name.last}`,
    inviteeEmail: email, title: `${name.first} booking`, startTime: new Date(start), endTime: new Date(Date.parse(start) + 3_600_000), reason: "Clash" });
  // Their own reset and invitation links: the credentials of the public routes, used only with their own login.
  const reset = newToken();
  await insertPasswordResetToken(db, { id: reset.id, userId: portal.user.id, secretHash: reset.secretHash, expiresAt: new Date(Date.now() + 3_600_000) });
  const invite = newToken();
  await insertClientInvite(db, practice.id, { id: invite.id, clientId: client.id, email, secretHash: invite.secretHash, expiresAt: new Date(Date.now() + 3_600_000), createdBy: staffId });
  const ids: Ids = {
    clientId: client.id, otherClientId: client.id, noteId: note.noteId, serviceId: shared.serviceId, sessionId: session.id, programId: shared.programId,
    enrollmentId: enrollment.id, templateId: template.id, metricId: metric.id, bookingId: booking.id, paymentId: payment.id, followUpId: followUp.id,
    emailId: reminder!.id, token: payToken, resetToken: reset.token, inviteToken: invite.token,
    connectionId: NOTHING, feedFile: "not-a-feed-token-but-long-enough.ics", staticFile: "app.css",
  };
  // Words and ids only this person's records hold (ids only count in a successful answer: a refusal may echo a form).
  const words = [name.first, name.last, email];
  const recordIds = [client.id, session.id, enrollment.id, template.id, metric.id, note.noteId, followUp.id, payment.id, booking.id];
  return { ...portal, email, ids, words, recordIds, enrollmentId: enrollment.id, templateId: template.id };
}

/** Practice A (staff, Mine, Other, a group session both attend) and practice B (staff, Xanthe). */
async function twoPracticesWithPortalClients() {
  const a = await aPracticeWithStaff({ practiceName: "Alder Street Practice" });
  const b = await aPracticeWithStaff({ practiceName: "Quillfeather Practice" });
  const sharedOf = async (owner: typeof a, start: string) => ({
    serviceId: (await aService(owner.practice.id, { name: "Massage", capacity: 6 })).id,
    programId: (await aProgram(owner.practice.id, { name: "10-session package", sessionsCount: 10 })).id,
    groupSessionId: (await aSession(owner.practice, owner.user.id, { title: "Group stretch", start, capacity: 6 })).id,
  });
  const sharedA = await sharedOf(a, "2030-01-07T13:00:00Z");
  const mine = await aPortalClientWithRecords(a.practice, a.user.id, { first: "Minnie", last: "Ownsworth", label: "mine" }, "2030-01-07T09:00:00Z", sharedA);
  const other = await aPortalClientWithRecords(a.practice, a.user.id, { first: "Zebulon", last: "Otherperson", label: "other" }, "2030-01-07T11:00:00Z", sharedA);
  const inB = await aPortalClientWithRecords(b.practice, b.user.id, { first: "Xanthe", last: "Elsewhere", label: "elsewhere" }, "2030-01-07T11:00:00Z",
    await sharedOf(b, "2030-01-07T13:00:00Z"));
  return { a, b, mine, other, inB };
}

// ---------------------------------------------------------------------------------------------------------
// The routes, and how each is filled.

type Kind = "public" | "portal" | "staff page" | "api";
type Route = { route: string; method: string; pattern: string; kind: Kind };

/**
 * Every route the app has, sorted by who may use it. A route is public when a visitor without a session is not
 * sent to log in (the route sweep holds every other route to that); the rest are the portal's (/portal/…),
 * the API's, or the practitioners' pages.
 */
async function appRoutes(): Promise<Route[]> {
  const seen = new Set<string>();
  for (const r of testApp().routes) if (r.method !== "ALL" && !r.path.endsWith("*")) seen.add(`${r.method} ${r.path}`);
  return inBatches([...seen], async (route) => {
    const [method, pattern] = route.split(" ") as [string, string];
    const url = pattern.replace(/:[a-zA-Z]+/g, NOTHING);
    const api = pattern.startsWith("/api/");
    const reply = await aBrowser().send(method, url, method === "GET" ? {} : api ? { json: {} } : { form: {} });
    const signInFirst = api ? reply.status === 401 : reply.status === 303 && !!reply.headers.get("Location")?.startsWith("/login?next=");
    const kind: Kind = !signInFirst ? "public" : api ? "api" : pattern === "/portal" || pattern.startsWith("/portal/") ? "portal" : "staff page";
    return { route, method, pattern, kind };
  });
}

/** Forms the shared table has no entry for: the portal's own, each as a valid post (ids are filled in below). */
const portalForms: Record<string, Record<string, string>> = {
  "POST /portal/sessions/:sessionId/cancel": { confirmed: "yes" },
  "POST /portal/metrics": { templateId: "", value: "3" },
  "POST /portal/practice": { clientId: "" },
  "POST /portal/intake": { healthNotes: "Hijacked", consent: "yes", consentVersion: CONSENT.version },
  "POST /portal/profile": { firstName: "Hijacked", lastName: "Hijacked" },
};

/** A valid form for the route, every field naming an object (clientId, clientIds, templateId…) pointed at this filling's. */
function formFor(route: string, ids: Ids): Record<string, string> {
  const form = { ...(validForms[route] ?? portalForms[route] ?? {}) };
  for (const field of Object.keys(form)) {
    const idName = field.replace(/Ids$/, "Id");
    if (idName.endsWith("Id") && ids[idName]) form[field] = ids[idName]!;
  }
  return form;
}

type Filling = { name: string; own: boolean; ids: Ids; portalClientId: string };

/** The path filled for this filling (a public route's credentials only ever the person's own), or the parameter no object fills. */
function fillPath(r: Route, filling: Filling): { url: string } | { missing: string } {
  let missing = "";
  const url = r.pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    if (r.kind === "public" && !filling.own) return NOTHING;
    const value = paramValue(r.route, name, filling.ids);
    if (value === undefined) missing = name;
    return value ?? "";
  });
  if (missing) return { missing };
  // Someone else's ids in the query too: no portal page may take whose data to show from the URL.
  const query = filling.own || r.method !== "GET" ? "" : `?${new URLSearchParams({ clientId: filling.ids.clientId!, sessionId: filling.ids.sessionId!,
    enrollmentId: filling.ids.enrollmentId!, templateId: filling.ids.templateId! })}`;
  return { url: url + query };
}

type Attempt = { r: Route; filling: Filling; url: string; via: "cookie" | "cookie, htmx" | "bearer" };

function attemptsFor(r: Route, filling: Filling, url: string): Attempt[] {
  if (r.pattern.startsWith("/api/")) return [{ r, filling, url, via: "cookie" }, { r, filling, url, via: "bearer" }];
  return [{ r, filling, url, via: "cookie" }, { r, filling, url, via: "cookie, htmx" }];
}

/**
 * One request on a session of its own, so that a route which ends sessions (log out, a password change) cannot
 * leave the rest of the sweep signed out and passing for the wrong reason. The browser also carries the
 * portal's practice switcher cookie set to the filling's client: the portal must pick only among the login's own.
 */
async function send(userId: string, a: Attempt): Promise<Reply | string> {
  const { token } = await createSession(testDb(), userId);
  const browser = aBrowser();
  if (a.via !== "bearer") browser.setCookie(SESSION_COOKIE, token);
  browser.setCookie(PORTAL_CLIENT_COOKIE, a.filling.portalClientId);
  const api = a.r.pattern.startsWith("/api/");
  const body = a.r.method === "GET" ? {} : api ? { json: jsonFor(a.filling.ids)[a.r.route] ?? {} } : { form: formFor(a.r.route, a.filling.ids) };
  try {
    return await browser.send(a.r.method, a.url, { ...body, htmx: a.via === "cookie, htmx", bearer: a.via === "bearer" ? token : undefined });
  } catch (error) {
    return String(error); // the API contract check's throw: a finding like any other, and the sweep goes on
  }
}

async function inBatches<T, R>(items: T[], each: (item: T) => Promise<R>, size = 8): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(each))));
  return results;
}

// ---------------------------------------------------------------------------------------------------------
// What an answer may be.

/** The API's documented exceptions for a portal login: who am I, logging out, and their own metrics. */
function apiAllows(a: Attempt, status: number): boolean {
  const { route } = a.r;
  if (a.via === "cookie" && a.r.method !== "GET") return [401, 403, 404].includes(status); // a cookie never authorises an API write
  if (route === "GET /api/user/me" || route === "POST /api/auth/logout") return status < 300;
  if (route === "GET /api/clients/:clientId/metrics" || route === "POST /api/clients/:clientId/metrics") {
    return a.filling.own ? status < 300 || status === 422 : status === 404;
  }
  return status === 403 || status === 404;
}

function problemsOf(a: Attempt, reply: Reply | string, others: { words: string[]; ids: string[] }): string[] {
  const at = `${a.r.method} ${a.url} (${a.filling.name} ids, ${a.via})`;
  if (typeof reply === "string") return [`${at}: ${reply.slice(0, 300)}`];
  const { status } = reply;
  const found: string[] = [];
  if (status >= 500) found.push(`${at} → ${status}`);
  const shown = [...others.words, ...(status < 300 ? others.ids : [])].find((w) => reply.body.toLowerCase().includes(w.toLowerCase()));
  if (shown) found.push(`${at} → ${status} shows someone else's "${shown}"`);
  const location = reply.headers.get("Location");
  if (a.r.kind === "staff page" && !(status === 303 && location === "/portal") && status !== 403 && status !== 404) {
    found.push(`${at}: a practitioner's page answered ${status}${location ? ` → ${location}` : ""} (expected 303 → /portal, 403 or 404)`);
  }
  if (a.r.kind === "api" && !apiAllows(a, status)) found.push(`${at}: the API answered ${status} to a portal login`);
  if (a.r.kind === "portal" && !a.filling.own && a.r.pattern.includes("/:") && status !== 404) found.push(`${at}: ${status} for someone else's id (expected 404)`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// The database: every row of practice B, and every row of practice A that is not Mine's own (their client row,
// rows with their client id, their enrollment's ledger, what they did in the audit log), plus the others' logins.

async function columnsByTable(): Promise<Map<string, Set<string>>> {
  const rows = rowsOf(await testDb().execute(sql`select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`));
  const tables = new Map<string, Set<string>>();
  for (const r of rows) (tables.get(r.table_name) ?? tables.set(r.table_name, new Set()).get(r.table_name)!).add(String(r.column_name));
  return tables;
}

type Scope = { practiceA: string; practiceB: string; mine: { clientId: string; userId: string; enrollmentId: string }; userIds: string[] };

/** Where a row of practice A is Mine's own, for this table's columns (uuids made by this test, so inlined). */
function notMine(table: string, columns: Set<string>, mine: Scope["mine"]): string {
  const own: string[] = [];
  if (table === "clients") own.push(`id = '${mine.clientId}'`);
  if (columns.has("client_id")) own.push(`client_id = '${mine.clientId}'`);
  if (columns.has("enrollment_id")) own.push(`enrollment_id = '${mine.enrollmentId}'`);
  if (columns.has("actor_user_id")) own.push(`actor_user_id = '${mine.userId}'`);
  // What happened to Mine's own record without their login (their reminders' unsubscribe link).
  if (table === "audit_log") own.push(`entity_id = '${mine.clientId}'`);
  return own.length ? `not coalesce(${own.join(" or ")}, false)` : "true";
}

async function snapshot(scope: Scope): Promise<Map<string, string[]>> {
  const read = async (table: string, where: string) =>
    rowsOf(await testDb().execute(sql.raw(`select to_jsonb(t)::text as row from "${table}" t where ${where} order by 1`))).map((r) => String(r.row));
  const shot = new Map<string, string[]>();
  for (const [table, columns] of await columnsByTable()) {
    if (columns.has("practice_id")) {
      shot.set(`${table} of practice B`, await read(table, `practice_id = '${scope.practiceB}'`));
      shot.set(`${table} of practice A, not Mine's`, await read(table, `practice_id = '${scope.practiceA}' and ${notMine(table, columns, scope.mine)}`));
    }
  }
  const users = scope.userIds.map((id) => `'${id}'`).join(", ");
  shot.set("practices", await read("practices", `id in ('${scope.practiceA}', '${scope.practiceB}')`));
  shot.set("users (staff and the other clients)", await read("users", `id in (${users})`));
  shot.set("user_sessions (staff and the other clients)", await read("user_sessions", `user_id in (${users})`));
  shot.set("password_reset_tokens (staff and the other clients)", await read("password_reset_tokens", `user_id in (${users})`));
  return shot;
}

function changes(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [key, rows] of after) {
    const was = before.get(key) ?? [];
    const gone = was.filter((r) => !rows.includes(r));
    const added = rows.filter((r) => !was.includes(r));
    if (gone.length || added.length) found.push(`${key}: before ${gone.map((r) => r.slice(0, 400)).join(" | ")} — after ${added.map((r) => r.slice(0, 400)).join(" | ")}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------

test("a portal login tried on every route with its own and others' ids never sees or changes another person's data", async () => {
  const { a, b, mine, other, inB } = await twoPracticesWithPortalClients();
  const routes = await appRoutes();
  expect(routes.filter((r) => r.kind === "portal").length, "the portal's routes were found").toBeGreaterThanOrEqual(5);
  expect(routes.filter((r) => r.kind === "staff page").length).toBeGreaterThanOrEqual(50);

  const fillings: Filling[] = [
    { name: "own", own: true, ids: mine.ids, portalClientId: mine.client.id },
    { name: "Other's", own: false, ids: other.ids, portalClientId: other.client.id },
    { name: "practice B's", own: false, ids: inB.ids, portalClientId: inB.client.id },
  ];
  const problems: string[] = [];
  const attempts: Attempt[] = [];
  for (const r of routes) {
    for (const filling of fillings) {
      const filled = fillPath(r, filling);
      if ("missing" in filled) problems.push(`${r.route}: no ${filling.name} object for :${filled.missing} — add it to this sweep`);
      else attempts.push(...attemptsFor(r, filling, filled.url));
    }
  }
  const scope: Scope = { practiceA: a.practice.id, practiceB: b.practice.id, mine: { clientId: mine.client.id, userId: mine.user.id, enrollmentId: mine.enrollmentId },
    userIds: [a.user.id, b.user.id, other.user.id, inB.user.id] };
  const before = await snapshot(scope);

  const others = { words: [...other.words, ...inB.words, "Quillfeather", b.email], ids: [...other.recordIds, ...inB.recordIds] };
  const replies = await inBatches(attempts, async (attempt) => {
    const reply = await send(mine.user.id, attempt);
    problems.push(...problemsOf(attempt, reply, others));
    return reply;
  });

  expect(problems).toEqual([]);
  expect(changes(before, await snapshot(scope))).toEqual([]);
  // The sweep ran signed in: practitioners' pages sent the client to their portal, and their own metrics were theirs to log.
  const sentToPortal = replies.filter((r) => typeof r !== "string" && r.status === 303 && r.headers.get("Location") === "/portal").length;
  expect(sentToPortal).toBeGreaterThanOrEqual(100);
  const ownLog = attempts.findIndex((t) => t.r.route === "POST /api/clients/:clientId/metrics" && t.filling.own && t.via === "bearer");
  expect((replies[ownLog] as Reply).status).toBe(201);
  console.info(`portal isolation sweep: ${routes.length} routes × ${fillings.length} fillings → ${attempts.length} requests`);
}, 180_000);

test("a portal client is sent from practitioners' pages to their portal, refused by the staff API, and logs metrics over the API for their own record only", async () => {
  const owner = await aPracticeWithStaff();
  const mine = await aPortalClient(owner.practice.id, owner.user.id, { firstName: "Minnie" });
  const other = await aClient(owner.practice.id, owner.user.id, { firstName: "Zebulon", lastName: "Otherperson" });
  const pain = await createTemplate(testDb(), owner.practice.id, owner.user.id, { ...starterTemplates[0]!, name: "Pain level" });
  for (const client of [mine.client, other]) await trackMetric(testDb(), owner.practice.id, owner.user.id, client.id, pain);
  await logMetric(testDb(), owner.practice, owner.user.id, other.id, pain, 6, undefined);
  const valuesOf = async (clientId: string) => (await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, clientId)))
    .map((m) => ({ value: m.valueNum, source: m.source }));

  const clientsPage = await mine.browser.get("/clients");
  expect(clientsPage.status).toBe(303);
  expect(clientsPage.headers.get("Location")).toBe("/portal");
  expect((await mine.browser.get("/api/clients", { bearer: mine.token })).status).toBe(403);

  const intoOther = await mine.browser.post(`/api/clients/${other.id}/metrics`, { bearer: mine.token, json: { templateId: pain.id, value: 2 } });
  expect(intoOther.status).toBe(404);
  expect(intoOther.body).not.toContain("Zebulon");
  expect((await mine.browser.get(`/api/clients/${other.id}/metrics`, { bearer: mine.token })).status).toBe(404);
  expect(await valuesOf(other.id)).toEqual([{ value: 6, source: "practitioner" }]);
  expect(await valuesOf(mine.client.id)).toEqual([]);

  // Their own id with their own token: accepted, and marked as logged by the client.
  const own = await mine.browser.post(`/api/clients/${mine.client.id}/metrics`, { bearer: mine.token, json: { templateId: pain.id, value: 2 } });
  expect(own.status).toBe(201);
  expect(await valuesOf(mine.client.id)).toEqual([{ value: 2, source: "client" }]);
  // The browser's cookie alone never authorises an API write.
  expect((await mine.browser.post(`/api/clients/${mine.client.id}/metrics`, { json: { templateId: pain.id, value: 3 } })).status).toBe(401);
});

test("a portal client holding someone else's invitation link cannot take over that person's record", async () => {
  const owner = await aPracticeWithStaff();
  const mine = await aPortalClient(owner.practice.id, owner.user.id);
  const invited = await aClient(owner.practice.id, owner.user.id, { firstName: "Yolanda", lastName: "Otherperson" });
  const invite = newToken();
  await insertClientInvite(testDb(), owner.practice.id, { id: invite.id, clientId: invited.id, email: invited.email!, secretHash: invite.secretHash,
    expiresAt: new Date(Date.now() + 3_600_000), createdBy: owner.user.id });

  const reply = await mine.browser.post(`/portal/invite/${invite.token}`, { form: {} });
  expect(reply.status).toBe(403);
  const [row] = rowsOf(await testDb().execute(sql`select c.portal_user_id, i.used_at from clients c join client_invites i on i.client_id = c.id where c.id = ${invited.id}`));
  expect(row).toEqual({ portal_user_id: null, used_at: null });
});
