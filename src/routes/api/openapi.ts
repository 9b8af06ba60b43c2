import { Hono } from "hono";
import { z } from "zod";
import { credentials, registration } from "../../domain/accounts.js";
import { clientCreateBody, clientListQuery, paymentApiBody, clientUpdateBody, metricListQuery, metricTemplateListQuery, serviceListQuery, sessionListQuery } from "../../domain/api-input.js";
import { calendlyEvent } from "../../domain/calendly.js";
import { metricBody, templateFields } from "../../domain/metrics.js";
import { programApiBody } from "../../domain/programs.js";
import { serviceApiBody } from "../../domain/services.js";
import { attendeeBody, bookingBody, sessionApiBody, sessionPatchBody } from "../../domain/session-input.js";
import {
  attendeeJsonSchema, clientEnrollmentJsonSchema, clientJsonSchema, enrollmentJsonSchema, ledgerJsonSchema, metricJsonSchema, metricTemplateJsonSchema,
  paymentJsonSchema, practiceJsonSchema, programJsonSchema, serviceJsonSchema, sessionAttendeeJsonSchema, sessionJsonSchema, subscriptionJsonSchema, userJsonSchema,
} from "../../json-shapes.js";
import { buildOpenApiDocument, type Operation } from "../../lib/openapi-document.js";

// Every row's body, query and answers are the zod schemas the handlers parse with and the JSON shapes
// they answer with; src/lib/openapi-document.ts adds the answers that follow from a row's shape.

// The date only matters to the "not in the future" rule, which a JSON schema cannot express anyway.
const someDay = "2100-01-01";
// The date of birth is checked by a transform (blank is none), which JSON Schema cannot read.
const dateOfBirth = { dateOfBirth: { format: "date" } };

const page = <K extends string>(key: K, item: z.ZodType, cursor: z.ZodType = z.null()) =>
  z.object({ [key]: z.array(item), nextCursor: cursor } as Record<K | "nextCursor", z.ZodType>);
const one = <K extends string>(key: K, item: z.ZodType) => z.object({ [key]: item } as Record<K, z.ZodType>);

const leftOut = z.object({ clientId: z.guid(), clientName: z.string(), reason: z.string() });
const webhookReceipt = z.object({
  received: z.literal(true),
  result: z.string().describe("booked, unchanged, canceled, unplaced (kept for the practice to place by hand: it clashed) or ignored (with the reason)"),
  sessionId: z.guid().optional().describe("The session booked or canceled"),
});
const health = z.object({ ok: z.boolean(), db: z.enum(["pglite", "postgres"]) });

const auth: Operation[] = [
  {
    method: "post", path: "/api/auth/register", operationId: "register", summary: "Create a user with their own practice", auth: "public", body: registration,
    responses: {
      201: { description: "Registered", body: z.object({ user: userJsonSchema, practice: practiceJsonSchema, token: z.string() }) },
      409: "conflict: the email is already registered", 429: "rate_limited: too many sign-ups from this network",
    },
  },
  {
    method: "post", path: "/api/auth/login", operationId: "login", summary: "Exchange email and password for a token", auth: "public", body: credentials,
    responses: {
      200: { description: "Logged in", body: z.object({ user: userJsonSchema, token: z.string() }) },
      401: "invalid_credentials (the same for an unknown email and a wrong password)", 429: "rate_limited: too many failures for this email and address",
    },
  },
  { method: "post", path: "/api/auth/logout", operationId: "logout", summary: "Revoke the token used", auth: "token", responses: { 204: { description: "Revoked" } } },
  {
    method: "get", path: "/api/user/me", operationId: "getMe", summary: "Who the token belongs to, and their practice (a portal client: also their client id)", auth: "token",
    responses: {
      200: { description: "The user", body: z.object({ user: userJsonSchema, practice: practiceJsonSchema, client: z.object({ id: z.uuid() }).optional() }) },
      403: "forbidden: the login is neither staff nor a portal client",
    },
  },
];

const clients: Operation[] = [
  {
    method: "get", path: "/api/clients", operationId: "listClients", summary: "List or search clients (keyset pages)", auth: "staff", query: clientListQuery,
    responses: {
      200: { description: "A page of clients", body: page("clients", clientJsonSchema, z.string().nullable()) },
      400: "bad_request: the cursor is not one this API gave out (start from the first page)", 422: "validation_failed: a query parameter is invalid",
    },
  },
  {
    method: "post", path: "/api/clients", operationId: "createClient", summary: "Create a client", auth: "staff", body: clientCreateBody(someDay), bodyHints: dateOfBirth,
    responses: { 201: { description: "Created", body: one("client", clientJsonSchema) }, 409: "conflict: the email belongs to another client of the practice (existingClientId)" },
  },
  {
    method: "get", path: "/api/clients/:clientId", operationId: "getClient", summary: "One client", auth: "staff",
    responses: { 200: { description: "The client", body: one("client", clientJsonSchema) } },
  },
  {
    method: "put", path: "/api/clients/:clientId", operationId: "updateClient", summary: "Update any subset of a client's fields", auth: "staff",
    body: clientUpdateBody(someDay), bodyHints: dateOfBirth,
    responses: { 200: { description: "Updated", body: one("client", clientJsonSchema) }, 409: "conflict: the email belongs to another client of the practice (existingClientId)" },
  },
  {
    method: "get", path: "/api/clients/:clientId/credits", operationId: "listClientCredits", summary: "The client's enrollments with balances and credit ledgers", auth: "staff",
    responses: { 200: { description: "Enrollments", body: z.object({ enrollments: z.array(clientEnrollmentJsonSchema) }) } },
  },
  // Staff, or the client's own portal login (GET /api/user/me names their client id) for that id alone.
  {
    method: "get", path: "/api/clients/:clientId/metrics", operationId: "listClientMetrics", auth: "token", query: metricListQuery,
    summary: "A client's logged values, newest first (staff; or the client's own portal token, for their own id)",
    responses: {
      200: { description: "Values", body: page("metrics", metricJsonSchema) },
      403: "forbidden: the account is neither a member of a practice nor a portal client",
      404: "not_found: the client, or the templateId, is not in this practice; with a portal token, any client id but the token's own",
      422: "validation_failed: a query parameter is invalid",
    },
  },
  {
    method: "post", path: "/api/clients/:clientId/metrics", operationId: "logClientMetric", auth: "token", body: metricBody,
    summary: "Log a value, validated against the template (range, type; text up to 2,000 characters). Staff log any metric of the practice (source practitioner); "
      + "a client with their own portal token logs, for their own id, the metrics their practitioner shows them (source client)",
    responses: {
      201: { description: "Logged", body: one("metric", metricJsonSchema) },
      402: "subscription_required: the practice's subscription has lapsed; everything stays readable, renew to create or change records",
      403: "forbidden: the account is neither a member of a practice nor a portal client",
      404: "not_found: the client or the template is not in this practice; with a portal token, any client id but the token's own, or a metric the client does not track",
      409: "conflict: the metric is archived", 422: "validation_failed: out of the template's range, the wrong type, or recorded in the future",
    },
  },
  {
    method: "get", path: "/api/clients/:clientId/payments", operationId: "listClientPayments", summary: "The client's payments, newest first (at most 200)", auth: "staff",
    responses: { 200: { description: "Payments", body: page("payments", paymentJsonSchema) } },
  },
  {
    method: "post", path: "/api/clients/:clientId/payments", operationId: "recordClientPayment", auth: "staff", body: paymentApiBody,
    summary: "Record money received by hand (cash, card terminal, bank transfer, other) for a visit, an enrollment, or as account credit",
    responses: {
      201: { description: "Recorded", body: one("payment", paymentJsonSchema) },
      404: "not_found: the client, or the visit or enrollment named, is not this practice's client's",
      422: "validation_failed: a bad field, or more than the visit or enrollment still owes",
    },
  },
];

const catalog: Operation[] = [
  {
    method: "get", path: "/api/services", operationId: "listServices", summary: "The services catalog", auth: "staff", query: serviceListQuery,
    responses: { 200: { description: "Services", body: page("services", serviceJsonSchema) } },
  },
  {
    method: "post", path: "/api/services", operationId: "createService", summary: "Add a service", auth: "staff", body: serviceApiBody,
    responses: { 201: { description: "Created", body: one("service", serviceJsonSchema) }, 409: "conflict: a service has this name" },
  },
  {
    method: "get", path: "/api/metric-templates", operationId: "listMetricTemplates", summary: "Metric templates", auth: "staff", query: metricTemplateListQuery,
    responses: { 200: { description: "Templates", body: page("metricTemplates", metricTemplateJsonSchema) } },
  },
  {
    method: "post", path: "/api/metric-templates", operationId: "createMetricTemplate", summary: "Create a metric template (a slider needs minValue and maxValue)",
    auth: "staff", body: templateFields,
    responses: { 201: { description: "Created", body: one("metricTemplate", metricTemplateJsonSchema) }, 409: "conflict: a template has this name (in any case)" },
  },
  {
    method: "get", path: "/api/programs", operationId: "listPrograms", summary: "Programs with their phases", auth: "staff",
    responses: { 200: { description: "Programs", body: page("programs", programJsonSchema) } },
  },
  {
    method: "post", path: "/api/programs", operationId: "createProgram", auth: "staff", body: programApiBody,
    summary: "Create a group series, a 1:1 plan (with phases) or a package (a package needs sessionsCount)",
    responses: { 201: { description: "Created", body: one("program", programJsonSchema) }, 422: "validation_failed: invalid fields, or a serviceId not in this practice" },
  },
  {
    method: "post", path: "/api/programs/:programId/enrollments", operationId: "enrollClient", auth: "staff", body: attendeeBody,
    summary: "Enroll a client; a package starts with its credits (a purchase ledger row)",
    responses: {
      201: { description: "Enrolled", body: one("enrollment", enrollmentJsonSchema) }, 404: "not_found: the program or the client is not in this practice",
      409: "conflict: already enrolled, or the program is archived",
    },
  },
];

const sessions: Operation[] = [
  {
    method: "get", path: "/api/sessions", operationId: "listSessions", summary: "Sessions starting in a range (default: the next 7 days; at most 92 days)",
    auth: "staff", query: sessionListQuery,
    responses: { 200: { description: "Sessions", body: page("sessions", sessionJsonSchema) }, 422: "validation_failed: a bad time or range" },
  },
  {
    method: "post", path: "/api/sessions", operationId: "createSession", summary: "Book a session; duration and capacity default from the service", auth: "staff",
    body: sessionApiBody,
    responses: {
      201: { description: "Booked", body: one("session", sessionJsonSchema) }, 404: "not_found: a client in clientIds is not in this practice",
      409: "double_booked (clashingSessionId, nextFreeStart, nextFreeEnd), capacity_full, insufficient_credits, not_enrolled or conflict (a client twice)",
    },
  },
  {
    method: "patch", path: "/api/sessions/:sessionId", operationId: "updateSession", summary: "Reschedule, edit or change the status of a session", auth: "staff",
    body: sessionPatchBody,
    responses: {
      200: { description: "Updated; leftOut names who a reinstated session could not take back", body: z.object({ session: sessionJsonSchema, leftOut: z.array(leftOut).optional() }) },
      409: "double_booked: the new time clashes",
    },
  },
  {
    method: "post", path: "/api/sessions/:sessionId/attendees", operationId: "addAttendee", auth: "staff", body: bookingBody,
    summary: "Book a client into a session. The session row is locked (capacity holds under concurrency); a package credit for the service is used unless dropIn, or the given enrollmentId pays",
    responses: {
      201: { description: "Booked", body: one("attendee", attendeeJsonSchema) }, 404: "not_found: the session or the client is not in this practice",
      409: "capacity_full, insufficient_credits, not_enrolled (closed series) or conflict (already booked, or the session is canceled)",
    },
  },
  {
    method: "post", path: "/api/sessions/:sessionId/attendees/:clientId/check-in", operationId: "checkIn", auth: "staff",
    summary: "Check a client in; idempotent (a second call keeps the first time)",
    responses: {
      200: { description: "Checked in", body: one("attendee", attendeeJsonSchema) }, 404: "not_found: no such session, or the client is not booked into it",
      409: "conflict: the booking was canceled", 422: "validation_failed: check-in has not opened yet (it opens 2 hours before the start)",
    },
  },
];

const outside: Operation[] = [
  {
    method: "post", path: "/api/webhook/calendly/:connectionId", operationId: "calendlyWebhook", auth: "public", body: calendlyEvent,
    summary: "Calendly webhook of one practice (invitee.created / invitee.canceled): the URL and signing key are shown in Settings → Integrations",
    params: { connectionId: { type: "string" } },
    headers: { "Calendly-Webhook-Signature": { description: "t=<unix time>,v1=<HMAC-SHA256 of t.body with the signing key>", schema: { type: "string" } } },
    responses: {
      200: { description: "Applied, ignored or kept as an unplaced booking (a clash); idempotent by scheduled event URI", body: webhookReceipt },
      400: "bad_request: the Calendly-Webhook-Signature is missing, stale or wrong", 404: "not_found: no such connection (or it has no signing key)",
      422: "validation_failed: not a Calendly invitee event",
    },
  },
  {
    method: "post", path: "/api/webhook/stripe", operationId: "stripeWebhook", auth: "public",
    summary: "Stripe events: card payments from the practices' connected accounts, and the practices' subscriptions; each event is applied once",
    headers: { "Stripe-Signature": { description: "Stripe's signature of the raw body (t=…,v1=…), checked with STRIPE_WEBHOOK_SECRET", schema: { type: "string" } } },
    responses: {
      200: { description: "Received: applied, a duplicate (already applied), parked (waits for its payment) or ignored", body: z.object({ received: z.literal(true), outcome: z.enum(["applied", "duplicate", "parked", "ignored"]) }) },
      400: "bad_request: the signature is missing, stale or wrong (nothing written), webhooks are not configured, or the event names another practice's payment or client",
    },
  },
  {
    method: "get", path: "/api/subscription", operationId: "getSubscription", summary: "The practice's subscription to the app (null: none, or billing off)", auth: "staff",
    responses: { 200: { description: "The subscription", body: z.object({ subscription: subscriptionJsonSchema.nullable() }) } },
  },
  {
    method: "post", path: "/api/subscription/create-checkout-session", operationId: "createSubscriptionCheckout", auth: "staff",
    summary: "A Stripe Checkout page (subscription mode) for the server's price; the webhook records the result. Owner only",
    responses: {
      200: { description: "Open this page", body: z.object({ url: z.string() }) },
      403: "forbidden: only the practice owner can subscribe", 409: "not_configured: billing is off on this server", 502: "payment_provider: Stripe refused or could not be reached",
    },
  },
  {
    method: "get", path: "/healthz", operationId: "health", summary: "Liveness and database check", auth: "public",
    responses: { 200: { description: "Healthy", body: health }, 503: { description: "The database does not answer", body: health } },
  },
  {
    method: "get", path: "/api/openapi.json", operationId: "openApiDocument", summary: "This document", auth: "public", database: false,
    responses: { 200: { description: "The OpenAPI 3.1 document", body: z.looseObject({ openapi: z.literal("3.1.0") }) } },
  },
];

export const apiOperations = [...auth, ...clients, ...catalog, ...sessions, ...outside];

export const openApiDocument = buildOpenApiDocument({
  title: "Practice API",
  version: "0.1.0",
  description: "JSON API for integrations and scripts. Send `Authorization: Bearer <token>` from register or login. "
    + "A method a path does not list answers 405 with an Allow header; a path not listed answers 404.",
}, apiOperations, {
  User: userJsonSchema, Practice: practiceJsonSchema, Client: clientJsonSchema, Service: serviceJsonSchema, Attendee: attendeeJsonSchema,
  SessionAttendee: sessionAttendeeJsonSchema, Session: sessionJsonSchema, Program: programJsonSchema, Enrollment: enrollmentJsonSchema,
  ClientEnrollment: clientEnrollmentJsonSchema, LedgerEntry: ledgerJsonSchema, Payment: paymentJsonSchema, MetricTemplate: metricTemplateJsonSchema, Metric: metricJsonSchema,
});

export const openapi = new Hono().get("/openapi.json", (c) => c.json(openApiDocument));
