import { Hono } from "hono";
import { z } from "zod";
import { credentials, registration } from "../../domain/accounts.js";
import { clientFields } from "../../domain/clients.js";
import { serviceApiBody } from "../../domain/services.js";
import { attendeeBody, bookingBody, sessionApiBody, sessionPatchBody } from "../../domain/session-input.js";
import { programApiBody } from "../../domain/programs.js";
import { metricBody, templateFields } from "../../domain/metrics.js";

// Request bodies come from the same zod schemas the handlers validate with, so the description cannot drift.
const body = (schema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } },
});

const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const ok = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });

const user = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" }, email: { type: "string" }, fullName: { type: "string" }, role: { enum: ["practitioner", "client"] } },
};
const practice = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" }, name: { type: "string" }, timezone: { type: "string" }, currency: { type: "string" } },
};

// The date only matters to the "not in the future" rule, which a JSON schema cannot express anyway.
const clientBody = clientFields("2100-01-01");
const client = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" }, firstName: { type: "string" }, lastName: { type: "string" },
    email: { type: ["string", "null"] }, phone: { type: ["string", "null"] }, address: { type: ["string", "null"] },
    dateOfBirth: { type: ["string", "null"], format: "date" }, notes: { type: ["string", "null"] },
    status: { enum: ["active", "inactive", "archived"] }, lastVisitAt: { type: ["string", "null"], format: "date-time" },
    createdAt: { type: "string", format: "date-time" }, updatedAt: { type: "string", format: "date-time" },
  },
};
const service = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" }, name: { type: "string" }, description: { type: ["string", "null"] },
    durationMinutes: { type: "integer" }, priceCents: { type: "integer" },
    price: { type: "object", properties: { amountCents: { type: "integer" }, currency: { type: "string" } } },
    capacity: { type: "integer" }, active: { type: "boolean" },
  },
};
const attendee = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" }, sessionId: { type: "string", format: "uuid" }, clientId: { type: "string", format: "uuid" },
    clientName: { type: "string" }, attendanceStatus: { enum: ["registered", "attended", "canceled", "no_show"] },
    checkInTime: { type: ["string", "null"], format: "date-time" }, paymentStatus: { enum: ["unpaid", "paid", "covered", "refunded", "waived"] },
  },
};
const session = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" }, serviceId: { type: ["string", "null"] }, practitionerId: { type: "string" }, seriesId: { type: ["string", "null"] },
    title: { type: ["string", "null"] }, startTime: { type: "string", format: "date-time" }, endTime: { type: "string", format: "date-time" },
    location: { type: ["string", "null"] }, capacity: { type: "integer" }, status: { enum: ["scheduled", "completed", "canceled", "no_show"] },
    notes: { type: ["string", "null"] }, cancelReason: { type: ["string", "null"] }, canceledBy: { enum: ["client", "practice", null] }, attendees: { type: "array", items: attendee },
  },
};
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });
const query = (name: string, schema: object, description: string) => ({ name, in: "query", required: false, schema, description });

export const openApiDocument = {
  openapi: "3.1.0",
  info: { title: "Practice API", version: "0.1.0", description: "JSON API for integrations and scripts. Send `Authorization: Bearer <token>` from register or login." },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: {
        type: "object",
        properties: {
          error: {
            type: "object", required: ["code", "message"],
            properties: { code: { type: "string" }, message: { type: "string" }, fields: { type: "object", additionalProperties: { type: "string" } } },
          },
        },
      },
      User: user,
      Practice: practice,
    },
  },
  security: [{ bearer: [] }],
  paths: {
    "/api/auth/register": {
      post: {
        summary: "Create a user with their own practice", security: [], requestBody: body(registration),
        responses: {
          "201": ok("Registered", { type: "object", properties: { user, practice, token: { type: "string" } } }),
          "400": error("Not JSON"), "409": error("Email already registered"), "422": error("Invalid fields"),
        },
      },
    },
    "/api/auth/login": {
      post: {
        summary: "Exchange email and password for a token", security: [], requestBody: body(credentials),
        responses: {
          "200": ok("Logged in", { type: "object", properties: { user, token: { type: "string" } } }),
          "401": error("invalid_credentials (same for unknown email and wrong password)"),
          "422": error("Invalid fields"), "429": error("rate_limited: too many failures for this email and address"),
        },
      },
    },
    "/api/auth/logout": { post: { summary: "Revoke the token used", responses: { "204": { description: "Revoked" }, "401": error("No valid token") } } },
    "/api/user/me": {
      get: {
        summary: "Who the token belongs to, and their practice",
        responses: { "200": ok("The user", { type: "object", properties: { user, practice } }), "401": error("No valid token") },
      },
    },
    "/api/clients": {
      get: {
        summary: "List or search clients (keyset pages)",
        parameters: [
          query("q", { type: "string", maxLength: 100 }, "Words that must all appear in the name or email; 3+ digits also match the phone"),
          query("status", { enum: ["current", "active", "inactive", "archived", "all"], default: "current" }, "current = active and inactive"),
          query("sort", { enum: ["name", "last_visit"], default: "name" }, "Order"),
          query("limit", { type: "integer", minimum: 1, maximum: 200, default: 50 }, "Page size"),
          query("cursor", { type: "string" }, "nextCursor from the previous page"),
        ],
        responses: { "200": ok("A page of clients", { type: "object", properties: { clients: { type: "array", items: client }, nextCursor: { type: ["string", "null"] } } }), "422": error("Bad query") },
      },
      post: {
        summary: "Create a client", requestBody: body(clientBody.partial({ email: true, phone: true, address: true, dateOfBirth: true, notes: true, status: true })),
        responses: { "201": ok("Created", { type: "object", properties: { client } }), "409": error("conflict: the email belongs to another client of the practice (existingClientId)"), "422": error("Invalid fields") },
      },
    },
    "/api/clients/{clientId}": {
      get: { summary: "One client", parameters: [idParam("clientId")], responses: { "200": ok("The client", { type: "object", properties: { client } }), "404": error("Not in this practice") } },
      put: {
        summary: "Update any subset of a client's fields", parameters: [idParam("clientId")], requestBody: body(clientBody.partial()),
        responses: { "200": ok("Updated", { type: "object", properties: { client } }), "404": error("Not in this practice"), "409": error("Email taken"), "422": error("Invalid fields") },
      },
    },
    "/api/services": {
      get: { summary: "The services catalog", parameters: [query("active", { enum: ["true"] }, "Only bookable services")], responses: { "200": ok("Services", { type: "object", properties: { services: { type: "array", items: service }, nextCursor: { type: "null" } } }) } },
      post: { summary: "Add a service", requestBody: body(serviceApiBody), responses: { "201": ok("Created", { type: "object", properties: { service } }), "409": error("Name taken"), "422": error("Invalid fields") } },
    },
    "/api/sessions": {
      get: {
        summary: "Sessions starting in a range (default: the next 7 days; at most 92 days)",
        parameters: [query("from", { type: "string", format: "date-time" }, "Start of the range"), query("to", { type: "string", format: "date-time" }, "End of the range"),
          query("practitionerId", { type: "string", format: "uuid" }, "Only this practitioner")],
        responses: { "200": ok("Sessions", { type: "object", properties: { sessions: { type: "array", items: session }, nextCursor: { type: "null" } } }), "422": error("Bad range") },
      },
      post: {
        summary: "Book a session; duration and capacity default from the service", requestBody: body(sessionApiBody),
        responses: {
          "201": ok("Booked", { type: "object", properties: { session } }),
          "409": error("double_booked (with clashingSessionId, nextFreeStart, nextFreeEnd) or capacity_full"),
          "422": error("Invalid fields"),
        },
      },
    },
    "/api/sessions/{sessionId}": {
      patch: {
        summary: "Reschedule, edit or change the status of a session", parameters: [idParam("sessionId")], requestBody: body(sessionPatchBody),
        responses: { "200": ok("Updated", { type: "object", properties: { session } }), "404": error("Not in this practice"), "409": error("double_booked"), "422": error("Invalid fields") },
      },
    },
    "/api/sessions/{sessionId}/attendees": {
      post: {
        summary: "Book a client into a session. The session row is locked (capacity holds under concurrency); a package credit for the service is used unless dropIn, or the given enrollmentId pays",
        parameters: [idParam("sessionId")], requestBody: body(bookingBody),
        responses: { "201": ok("Booked", { type: "object", properties: { attendee } }), "404": error("Session or client not in this practice"),
          "409": error("capacity_full, insufficient_credits, not_enrolled (closed series) or conflict (already booked)") },
      },
    },
    "/api/sessions/{sessionId}/attendees/{clientId}/check-in": {
      post: {
        summary: "Check a client in; idempotent (a second call keeps the first time)", parameters: [idParam("sessionId"), idParam("clientId")],
        responses: { "200": ok("Checked in", { type: "object", properties: { attendee } }), "404": error("Not booked into this session"), "409": error("The booking was canceled") },
      },
    },
    "/api/webhook/calendly/{connectionId}": {
      post: {
        summary: "Calendly webhook of one practice (invitee.created / invitee.canceled): the URL and signing key are shown in Settings → Integrations; verified by Calendly-Webhook-Signature",
        security: [], parameters: [{ name: "connectionId", in: "path", required: true, schema: { type: "string" } }, { name: "Calendly-Webhook-Signature", in: "header", required: true, schema: { type: "string" } }],
        responses: { "200": ok("Applied, ignored or kept as an unplaced booking (a clash); idempotent by scheduled event URI", { type: "object", properties: { received: { type: "boolean" }, result: { enum: ["booked", "unchanged", "canceled", "unplaced", "ignored"] }, sessionId: { type: "string" } } }),
          "400": error("Bad or stale signature"), "404": error("No such connection"), "422": error("Not a Calendly invitee event") },
      },
    },
    "/api/programs": {
      get: { summary: "Programs with their phases", responses: { "200": ok("Programs", { type: "object", properties: { programs: { type: "array", items: { type: "object" } }, nextCursor: { type: "null" } } }) } },
      post: { summary: "Create a group series, a 1:1 plan (with phases) or a package", requestBody: body(programApiBody),
        responses: { "201": ok("Created", { type: "object", properties: { program: { type: "object" } } }), "422": error("Invalid fields") } },
    },
    "/api/programs/{programId}/enrollments": {
      post: { summary: "Enroll a client; a package starts with its credits (a purchase ledger row)", parameters: [idParam("programId")], requestBody: body(attendeeBody),
        responses: { "201": ok("Enrolled", { type: "object", properties: { enrollment: { type: "object", properties: { id: { type: "string" }, sessionsRemaining: { type: ["integer", "null"] }, status: { type: "string" } } } } }),
          "404": error("Program or client not in this practice"), "409": error("Already enrolled") } },
    },
    "/api/clients/{clientId}/credits": {
      get: { summary: "The client's enrollments with balances and credit ledgers", parameters: [idParam("clientId")],
        responses: { "200": ok("Enrollments", { type: "object", properties: { enrollments: { type: "array", items: { type: "object" } } } }), "404": error("Not in this practice") } },
    },
    "/api/metric-templates": {
      get: { summary: "Metric templates (add ?archived=true to include archived ones)", responses: { "200": ok("Templates", { type: "object", properties: { metricTemplates: { type: "array", items: { type: "object" } }, nextCursor: { type: "null" } } }) } },
      post: { summary: "Create a metric template (slider needs minValue and maxValue)", requestBody: body(templateFields),
        responses: { "201": ok("Created", { type: "object", properties: { metricTemplate: { type: "object" } } }), "409": error("Same name (any case)"), "422": error("Invalid fields") } },
    },
    "/api/clients/{clientId}/metrics": {
      get: { summary: "A client's logged values, newest first", parameters: [idParam("clientId"), query("templateId", { type: "string", format: "uuid" }, "One metric"),
        query("from", { type: "string", format: "date-time" }, "From"), query("to", { type: "string", format: "date-time" }, "To"), query("limit", { type: "integer", maximum: 1000 }, "At most")],
        responses: { "200": ok("Values", { type: "object", properties: { metrics: { type: "array", items: { type: "object", properties: { id: { type: "string" }, templateId: { type: "string" }, value: {}, recordedAt: { type: "string" }, source: { type: "string" } } } } } }), "404": error("Not in this practice") } },
      post: { summary: "Log a value, validated against the template (range, type; text up to 2,000 characters)", parameters: [idParam("clientId")], requestBody: body(metricBody),
        responses: { "201": ok("Logged", { type: "object", properties: { metric: { type: "object" } } }), "404": error("Client or template not in this practice"), "422": error("Out of range or wrong type") } },
    },
    "/healthz": {
      get: {
        summary: "Liveness and database check", security: [],
        responses: { "200": ok("Healthy", { type: "object", properties: { ok: { type: "boolean" }, db: { enum: ["pglite", "postgres"] } } }), "503": { description: "Database down" } },
      },
    },
  } as Record<string, unknown>,
};

export const openapi = new Hono().get("/openapi.json", (c) => c.json(openApiDocument));
