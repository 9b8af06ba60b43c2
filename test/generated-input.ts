// Helpers for test/generated-input.test.ts: the practice every route is tried against, what each route's
// fields are called, the generated values, and a fingerprint of the database to prove a refusal wrote nothing.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { parse } from "node-html-parser";
import { createSession, SESSION_COOKIE } from "../src/auth/session.js";
import type { Practice } from "../src/db/schema.js";
import { openApiDocument } from "../src/routes/api/openapi.js";
import { addAttendee } from "../src/domain/booking.js";
import { saveCalendlySigningKey, startCalendlyConnection } from "../src/domain/calendly.js";
import { regenerateCalendarFeed } from "../src/domain/calendar-feed.js";
import { enrollClient } from "../src/domain/credits.js";
import { createTemplate, logMetric, starterTemplates } from "../src/domain/metrics.js";
import { recordPayment } from "../src/domain/payments.js";
import { newToken } from "../src/auth/tokens.js";
import { insertClientInvite } from "../src/queries/client-invites.js";
import { enqueueEmail } from "../src/queries/outbox.js";
import { insertPasswordResetToken } from "../src/queries/password-resets.js";
import { insertPayment } from "../src/queries/payments.js";
import { recordUnplacedBooking } from "../src/queries/unplaced-bookings.js";
import { insertMembership } from "../src/queries/practices.js";
import { insertUser } from "../src/queries/users.js";
import { aClient, aFollowUp, anEmail, aPassword, aProgram, aService, aSession, aSoapNote } from "./factories.js";
import { aBrowser, testDb, type Browser } from "./harness.js";
import { formFor as validForms } from "./route-forms.js";

// ---------------------------------------------------------------------------------------------------------
// The objects a route's path can name. Made afresh for every route, so one route's accepted input (an archived
// client, a deleted entry, a canceled session) cannot leave the next route only 404s or 409s to answer.

export type Ids = Record<string, string>;

export const CALENDLY_KEY = "generated-input-signing-key-0123456789";

export async function freshObjects(practice: Practice, userId: string): Promise<Ids> {
  const db = testDb();
  const client = await aClient(practice.id, userId);
  const other = await aClient(practice.id, userId); // attends nothing: something to add, enroll or book
  const note = await aSoapNote(practice.id, client.id, userId);
  const service = await aService(practice.id, { capacity: 4 });
  // Starting now, so check-in and its undo are inside their window and go past the first checks; led by a
  // practitioner of its own, since every route's session starts now and one person cannot be in two.
  const lead = await insertUser(db, { email: anEmail("lead"), passwordHash: "not-a-login", fullName: "Lee Lead" });
  await insertMembership(db, practice.id, lead.id, "practitioner");
  const session = await aSession(practice, lead.id, { startTime: new Date(), capacity: 4, serviceId: service.id });
  await addAttendee(db, practice, userId, session.id, client.id);
  const program = await aProgram(practice.id);
  const enrollment = await enrollClient(db, practice, userId, program.id, client.id);
  const template = await createTemplate(db, practice.id, userId, { ...starterTemplates[0]!, name: `Pain ${client.id.slice(0, 8)}` });
  const metric = await logMetric(db, practice, userId, client.id, template, 4, undefined);
  const booking = await recordUnplacedBooking(db, practice.id, { source: "calendly", externalEventId: `ev-${client.id}`, inviteeName: "Una Placed",
    inviteeEmail: "una@example.test", title: "Unplaced", startTime: new Date(), endTime: new Date(Date.now() + 3_600_000), reason: "Clash" });
  // A connection with a signing key, so the webhook's signed bodies get past the signature to the parsing.
  const connection = await startCalendlyConnection(db, practice.id, userId);
  await saveCalendlySigningKey(db, practice.id, userId, CALENDLY_KEY);
  const feed = await regenerateCalendarFeed(db, practice.id, userId);
  // Completed cash, so a refund gets past its checks to the amount.
  const payment = await recordPayment(db, practice, userId, { clientId: client.id, item: null, amountCents: 5000, method: "cash", paidAt: new Date(), note: null });
  // A card request's pay link (written directly: the test app has no Stripe keys to ask with).
  const payToken = randomBytes(24).toString("base64url");
  await insertPayment(db, practice.id, { clientId: client.id, amountCents: 2500, currency: practice.currency, status: "pending", method: "card", payToken });
  // A reminder to the client, so its unsubscribe link names a real email.
  const reminder = await enqueueEmail(db, practice.id, { kind: "reminder", to: client.email!, subject: "Reminder", message: { fromName: practice.name, html: "", text: "" },
    dedupeKey: `generated-input:${client.id}`, clientId: client.id, sessionId: session.id });
  // An email follow-up, so the compose form and its send get past the lookup (the client has an email).
  const followUp = await aFollowUp(practice.id, client.id, userId, { type: "email" });
  // A usable password reset link, for the second member (not the signed-in owner, whose sessions a reset would end).
  const reset = newToken();
  await insertPasswordResetToken(db, { id: reset.id, userId: lead.id, secretHash: reset.secretHash, expiresAt: new Date(Date.now() + 3_600_000) });
  // A usable portal invitation for the client that attends nothing.
  const invite = newToken();
  await insertClientInvite(db, practice.id, { id: invite.id, clientId: other.id, email: other.email!, secretHash: invite.secretHash, expiresAt: new Date(Date.now() + 3_600_000), createdBy: userId });
  return {
    resetToken: reset.token,
    inviteToken: invite.token,
    followUpId: followUp.id,
    clientId: client.id, otherClientId: other.id, noteId: note.noteId, serviceId: service.id, sessionId: session.id, programId: program.id,
    enrollmentId: enrollment.id, templateId: template.id, metricId: metric.id, bookingId: booking.id, connectionId: connection.publicId,
    feedFile: `${feed}.ics`, staticFile: "app.css", paymentId: payment.id, token: payToken,
    emailId: reminder!.id,
  };
}

/** Which object fills a path parameter, per route where the name alone does not say. */
export function paramValue(route: string, name: string, ids: Ids): string | undefined {
  if (name === "file") return route.includes("/static/") ? ids.staticFile : route.includes("/feeds/") ? ids.feedFile : undefined;
  // The dev mailbox reads any practice's email by its id (src/routes/dev-mailbox.tsx).
  if (name === "mailId") return ids.emailId;
  if (name === "token" && route.includes("/password-reset/")) return ids.resetToken;
  if (name === "token" && route.includes("/portal/invite/")) return ids.inviteToken;
  return ids[name];
}

/** A fresh login for every case: a generated case may log out (or log in as someone else). */
export async function signedIn(browser: Browser, userId: string) {
  const { token } = await createSession(testDb(), userId);
  browser.setCookie(SESSION_COOKIE, token);
  return token;
}

// ---------------------------------------------------------------------------------------------------------
// What each route's fields are called. Three sources, so a new form or endpoint is covered without editing
// this file: the forms the app's own pages render (names, and their values as a valid starting point), the
// OpenAPI document (built from the same zod schemas the API validates with), and the table below — the
// shared table of valid forms (test/route-forms.ts), for forms no page shows as-is, plus JSON bodies too nested for the OpenAPI walk.

export const formFor: Record<string, Record<string, string>> = {
  ...validForms,
  "POST /login": { email: "nobody@example.test", password: aPassword },
  "POST /signup": { email: "new@example.test", password: aPassword, fullName: "New Person", practiceName: "New Practice", timezone: "Europe/London" },
};

export const jsonFor = (ids: Ids): Record<string, unknown> => ({
  "PUT /api/clients/:clientId": { firstName: "Ada" },
  "POST /api/programs/:programId/enrollments": { clientId: ids.otherClientId },
  "POST /api/sessions/:sessionId/attendees": { clientId: ids.otherClientId },
  "POST /api/clients/:clientId/metrics": { templateId: ids.templateId, value: 5 },
  // Signed with the connection's key by the test, so this reaches the event's own validation.
  "POST /api/webhook/calendly/:connectionId": {
    event: "invitee.created",
    payload: {
      email: "invitee@example.test", name: "Ivy Invitee", first_name: "Ivy", last_name: "Invitee",
      scheduled_event: { uri: "https://api.calendly.com/scheduled_events/X", name: "Intro", start_time: "2030-01-08T10:00:00Z",
        end_time: "2030-01-08T11:00:00Z", location: { location: "Studio", join_url: null }, event_memberships: [{ user_email: "owner@example.test" }] },
    },
  },
});

/** Query names a GET may read. The zod query schemas' keys, which no scan finds, are listed here. */
const knownQueryNames = ["q", "date", "view", "from", "to", "cursor", "after", "limit", "status", "sort", "templateId", "template", "with",
  "range", "weeks", "practitioner", "practitionerId", "clientId", "clientIds", "next", "start", "big", "active", "archived", "serviceId", "page"];

/** `names` are the route's own; `guesses` are names some other route reads, tried less often. */
export type RouteFields = { names: Set<string>; guesses: Set<string>; base: Record<string, string>; values: Set<string> };
const emptyFields = (): RouteFields => ({ names: new Set(), guesses: new Set(), base: {}, values: new Set() });

/** Every `c.req.query("x")` in src/, so a new query parameter is tried without editing this file. */
function scannedQueryNames(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry)) for (const m of readFileSync(file, "utf8").matchAll(/req\.quer(?:y|ies)\("(\w+)"\)/g)) found.add(m[1]!);
    }
  };
  walk(path.resolve(import.meta.dirname, "../src"));
  return [...found];
}

/** The OpenAPI document's body properties and query parameters for an /api route. */
function openApiFields(method: string, pattern: string): RouteFields {
  const fields = emptyFields();
  const apiPath = pattern.replace(/:([a-zA-Z]+)/g, "{$1}");
  const operation = (openApiDocument.paths as Record<string, Record<string, any>>)[apiPath]?.[method.toLowerCase()];
  const schema = operation?.requestBody?.content?.["application/json"]?.schema;
  const walk = (s: any) => {
    if (!s || typeof s !== "object") return;
    for (const [name, prop] of Object.entries<any>(s.properties ?? {})) {
      fields.names.add(name);
      for (const v of prop?.enum ?? []) if (typeof v === "string") fields.values.add(v);
    }
    for (const key of ["anyOf", "oneOf", "allOf"]) for (const part of s[key] ?? []) walk(part);
  };
  walk(schema);
  for (const p of operation?.parameters ?? []) if (p.in === "query") fields.names.add(p.name);
  return fields;
}

/** `POST /clients/:clientId` for the action `/clients/1234…`: the matching route with the fewest parameters. */
function routeForAction(method: string, action: string, routes: string[]): string | undefined {
  const pathOnly = action.split("?")[0]!;
  const matches = routes.filter((r) => {
    const [m, pattern] = r.split(" ") as [string, string];
    return m === method && new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, "[^/]+")}$`).test(pathOnly);
  });
  return matches.sort((a, b) => a.split(":").length - b.split(":").length)[0];
}

/**
 * Reads the forms on every page the app serves (as the practitioner, and /login and /signup as a visitor):
 * for each route a form posts to, the field names, the values the form would send, and its options.
 */
export async function learnFields(staff: Browser, routes: string[], ids: Ids): Promise<Map<string, RouteFields>> {
  const learned = new Map<string, RouteFields>();
  const entry = (route: string) => learned.get(route) ?? learned.set(route, emptyFields()).get(route)!;
  const pages = routes.filter((r) => r.startsWith("GET ") && !r.includes("/api/") && !r.includes("/static/") && !r.includes("/feeds/"));
  for (const route of pages) {
    const url = fillPath(route.slice(4), route, ids);
    if (!url) continue;
    for (const browser of route === "GET /login" || route === "GET /signup" ? [aBrowser()] : [staff]) {
      const reply = await browser.get(url);
      if (reply.status !== 200) continue;
      const doc = parse(reply.body);
      // The page's links name the query parameters a GET reads (?date=…&view=day) and values it expects.
      for (const link of doc.querySelectorAll("a[href*='?']")) {
        const href = link.getAttribute("href")!;
        const target = href.startsWith("/") ? routeForAction("GET", href, routes) : undefined;
        if (!target) continue;
        for (const [k, v] of new URLSearchParams(href.split("?")[1])) { entry(target).names.add(k); if (v) entry(target).values.add(v); }
      }
      for (const form of doc.querySelectorAll("form")) {
        const method = (form.getAttribute("method") ?? "get").toUpperCase();
        const action = form.getAttribute("hx-post") ?? form.getAttribute("action") ?? url;
        const target = routeForAction(method, action, routes);
        if (!target) continue;
        const fields = entry(target);
        for (const input of form.querySelectorAll("input, select, textarea, button")) {
          const name = input.getAttribute("name");
          if (!name) continue;
          fields.names.add(name);
          const type = input.getAttribute("type");
          let value: string | undefined;
          if (input.tagName === "SELECT") {
            const options = input.querySelectorAll("option");
            for (const o of options) fields.values.add(o.getAttribute("value") ?? o.text);
            value = (options.find((o) => o.hasAttribute("selected")) ?? options[0])?.getAttribute("value");
          } else if (input.tagName === "TEXTAREA") value = input.text;
          else if (type === "checkbox" || type === "radio") {
            fields.values.add(input.getAttribute("value") ?? "on");
            if (input.hasAttribute("checked")) value = input.getAttribute("value") ?? "on";
          } else if (input.tagName !== "BUTTON" || !(name in fields.base)) value = input.getAttribute("value") ?? "";
          if (value !== undefined && !(name in fields.base)) fields.base[name] = value;
          if (value) fields.values.add(value);
        }
      }
    }
  }
  return learned;
}

/** Every source combined, for one route. */
export function fieldsFor(route: string, learned: Map<string, RouteFields>, ids: Ids): RouteFields {
  const [method, pattern] = route.split(" ") as [string, string];
  const fields = emptyFields();
  const merge = (f: RouteFields | undefined) => {
    if (!f) return;
    for (const n of f.names) fields.names.add(n);
    for (const n of f.guesses) fields.guesses.add(n);
    for (const v of f.values) fields.values.add(v);
    Object.assign(fields.base, f.base);
  };
  merge(learned.get(route));
  if (pattern.startsWith("/api/")) merge(openApiFields(method, pattern));
  const table = formFor[route];
  if (table) merge({ names: new Set(Object.keys(table)), guesses: new Set(), base: table, values: new Set(Object.values(table)) });
  const json = jsonFor(ids)[route];
  if (json && typeof json === "object") for (const n of Object.keys(json)) fields.names.add(n);
  if (method === "GET") for (const n of [...knownQueryNames, ...scannedQueryNames()]) if (!fields.names.has(n)) fields.guesses.add(n);
  return fields;
}

/** The path with every parameter filled, or null when a parameter has no object (the test then fails). */
export function fillPath(pattern: string, route: string, ids: Ids, override: Record<string, string> = {}): string | null {
  let missing = false;
  const url = pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = override[name] ?? paramValue(route, name, ids);
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? null : url;
}

export const paramNames = (pattern: string) => [...pattern.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);

// ---------------------------------------------------------------------------------------------------------
// The values. Each family aims at one way input has broken apps like this one: bytes PostgreSQL refuses (NUL,
// lone surrogates), sizes past every limit, numbers past JavaScript's and PostgreSQL's ranges, dates that
// parse in one layer and not the next, and (in JSON) the wrong type altogether.

export const ONE_MB = "x".repeat(1_000_000); // under the 1 MiB body limit, so it reaches the handler
const ONE_MB_WIDE = "é".repeat(600_000); // 1.2 MB once encoded: the body limit's own answer

const hostileChar = fc.constantFrom("\u0000", "\ud800", "\udfff", "\u202e", "\ufeff", "%", "&", "=", "+", "'", "\"", "<", ">", "\\", "\n", "\r", "\t", " ");
const anyChar = fc.oneof({ arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 3 }, { arbitrary: hostileChar, weight: 2 });

export const stringValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: anyChar, maxLength: 30 }), weight: 6 },
  { arbitrary: fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y", "null", "undefined", "[]", "{}", "__proto__", "%00", "%ED%A0%80"), weight: 3 },
  { arbitrary: fc.constantFrom(ONE_MB, ONE_MB_WIDE, "\u0000".repeat(1000), "a".repeat(101), "a".repeat(501), "a".repeat(10_001)), weight: 1 },
);

export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("1e308", "-1e308", "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity", "-0", "0", "-1", "0.5", "1.5", " 7 ",
    "9007199254740993", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999", "-99999999999999999999", "0x1F", "1_000", "1e3", "١٢"),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.integer().map(String),
);

const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const dateText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("0020-02-29", "9999-12-31T23:59", "0001-01-01", "0001-01-01T00:00", "9999-12-31", "9999-12-31T23:59:59.999Z", "10000-01-01",
    "+275760-09-13", "-000001-01-01", "2030-02-30", "2030-13-01", "2030-01-07T24:00", "2030-01-07T23:60", "24:00", "23:59", "00:00", "2030-W01"),
  fc.record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 24 }), min: fc.integer({ min: 0, max: 60 }), form: fc.constantFrom("date", "local", "utc", "offset", "time") })
    .map(({ y, m, d, h, min, form }) => {
      const date = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
      const time = `${pad(h, 2)}:${pad(min, 2)}`;
      return form === "date" ? date : form === "local" ? `${date}T${time}` : form === "utc" ? `${date}T${time}:00.000Z` : form === "offset" ? `${date}T${time}:00+14:00` : time;
    }),
);

/** A form value: any of the families, or a value the route itself knows (its options, its objects' ids). */
export function formValue(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: stringValue, weight: 3 },
    { arbitrary: numberText, weight: 2 },
    { arbitrary: dateText, weight: 2 },
    { arbitrary: fc.uuid().map(String), weight: 1 },
    { arbitrary: known.length ? fc.constantFrom(...known) : fc.constant(""), weight: 2 },
  );
}

/**
 * A value for a field of this name: mostly of the family the name suggests (a date for `start`, a number for
 * `capacity`), so a case gets past the other fields' checks to the one that matters; sometimes anything.
 */
export function fieldValue(name: string, known: string[]): fc.Arbitrary<string> {
  const family = /date|time|start|end|from|^to$|until|birth|day|week|at$/i.test(name) ? dateText
    : /limit|count|capacity|price|duration|minutes|value|delta|min|max|step|weeks|days|hours|offset|revision|amount|sessions/i.test(name) ? numberText
    : null;
  return family ? fc.oneof({ arbitrary: family, weight: 3 }, { arbitrary: formValue(known), weight: 1 }) : formValue(known);
}

/** A JSON number literal JSON.stringify cannot write (1e400 parses as Infinity, -0 stays -0). */
export class RawJson { constructor(readonly text: string) {} toString() { return this.text; } }

export function jsonValue(known: string[], name = ""): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    { arbitrary: fieldValue(name, known), weight: 4 },
    { arbitrary: fc.constantFrom<unknown>(1e308, -1e308, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 2 ** 63, Number.MIN_VALUE, null, true, false), weight: 2 },
    { arbitrary: fc.constantFrom("1e400", "-1e400", "-0", "123456789012345678901234567890", "1e-400", "0.1e1").map((t) => new RawJson(t)), weight: 1 },
    { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: scalar, weight: 6 },
    { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom("a", "id", "__proto__", "constructor"), scalar, { maxKeys: 2 }), weight: 1 },
  );
}

/** JSON.stringify, except that RawJson is written as it is. */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Field names beyond the known ones: near-misses and names that reach into objects' prototypes. */
export const randomName = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "id", "practiceId", "userId", "role", "submission", "name[]", "a.b", ""),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }),
);

/** Percent-encodes like a browser, except that a lone surrogate is sent as the bytes UTF-8 has no name for. */
export function encodeComponent(value: string): string {
  return [...value].map((ch) => {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return `%${[0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => b.toString(16).toUpperCase()).join("%")}`;
    return encodeURIComponent(ch);
  }).join("");
}

export const encodePairs = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join("&");

// ---------------------------------------------------------------------------------------------------------
// The fingerprint: a count of the rows written to each table, kept by a trigger on every table of the public
// schema (in this file's own database only). It sees an insert, an update and a delete alike, and only once
// committed: the writes of a request that was rolled back leave no count. Reading every table instead (a hash
// of its rows, or count and max(xmin)) took 85–190 ms a case on PGlite. Left out: what a refused request may
// write by design — a login's session and the sign-in limiter's counts.

const unfingerprinted = new Set(["user_sessions", "login_attempts", "rate_limit_buckets"]);

const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : result.rows);

export async function countWrites() {
  const db = testDb();
  await db.execute(sql.raw("create schema if not exists generated_input"));
  await db.execute(sql.raw("create table if not exists generated_input.writes (t text primary key, n bigint not null)"));
  await db.execute(sql.raw(`
    create or replace function generated_input.count_write() returns trigger language plpgsql as $$
    begin
      insert into generated_input.writes values (tg_table_name, 1) on conflict (t) do update set n = generated_input.writes.n + 1;
      return null;
    end $$`));
  const tables = rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`))
    .map((r) => String(r.table_name)).filter((t) => !unfingerprinted.has(t));
  for (const t of tables) {
    await db.execute(sql.raw(`create or replace trigger generated_input_count after insert or update or delete on "${t}" for each row execute function generated_input.count_write()`));
  }
  return tables;
}

export async function fingerprint(): Promise<Map<string, string>> {
  return new Map(rowsOf(await testDb().execute(sql`select t, n from generated_input.writes`)).map((r) => [String(r.t), String(r.n)]));
}

export function changedTables(before: Map<string, string>, after: Map<string, string>) {
  return [...after].filter(([t, h]) => before.get(t) !== h).map(([t]) => t);
}

// ---------------------------------------------------------------------------------------------------------
// What a response must never contain: a stack trace or a source path.

export function stackTraceIn(body: string): string | null {
  const m = body.match(/^\s+at .+[:(].*\d+:\d+\)?\s*$/m) ?? body.match(/\w*Error: .*\n\s+at /) ?? body.match(/(file:\/\/|\/src\/|node_modules\/)\S+\.(ts|tsx|js):\d+/);
  return m ? m[0].slice(0, 200) : null;
}

/** A readable line for a generated value: long ones are abbreviated, invisible ones escaped. */
export function show(value: unknown): string {
  const text = typeof value === "string" ? value : value instanceof RawJson ? value.text : toJson(value);
  const short = text.length > 120 ? `${JSON.stringify(text.slice(0, 40)).slice(0, -1)}…" (${text.length} chars)` : JSON.stringify(text);
  return short;
}
