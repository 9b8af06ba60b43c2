import { Hono } from "hono";
import { z } from "zod";
import { credentials, registration } from "../../domain/accounts.js";

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
    "/healthz": {
      get: {
        summary: "Liveness and database check", security: [],
        responses: { "200": ok("Healthy", { type: "object", properties: { ok: { type: "boolean" }, db: { enum: ["pglite", "postgres"] } } }), "503": { description: "Database down" } },
      },
    },
  } as Record<string, unknown>,
};

export const openapi = new Hono().get("/openapi.json", (c) => c.json(openApiDocument));
