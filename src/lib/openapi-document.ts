// Builds an OpenAPI 3.1 document from a table of operations whose bodies, queries and answers are zod
// schemas. The answers every operation of a kind can give (a body can be unreadable, a protected
// operation can be refused, a path id can name nothing) are added by rule here, so no row can forget one.
import { z } from "zod";
import { requestJsonSchema } from "./request-json-schema.js";

type JsonSchema = Record<string, unknown>;
type Registry = ReturnType<typeof z.registry<{ id: string }>>;

/** An answer with a body of its own; a bare string is an error answer (the Error schema) saying this. */
export type Answer = string | { description: string; body?: z.ZodType; headers?: Record<string, { description: string; schema: JsonSchema }> };

export type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** As the app routes it: `/api/clients/:clientId`. */
  path: string;
  operationId: string;
  summary: string;
  /** staff: a token of a practice member (401 without a valid one, 403 without a practice); token: any valid token; public: none. */
  auth: "staff" | "token" | "public";
  /** Path parameters that are not uuids (a uuid is the default, and a malformed one is a 404 like a missing one). */
  params?: Record<string, JsonSchema>;
  query?: z.ZodObject;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  body?: z.ZodType;
  /** What a transform in the body's schema checks and JSON Schema cannot read from it (see requestJsonSchema). */
  bodyHints?: Record<string, JsonSchema>;
  /** Whether the answer depends on the database; such an operation can be refused as busy (503). */
  database?: false;
  responses: Record<number, Answer>;
};

export const errorJsonSchema = z.object({
  error: z.looseObject({
    code: z.string().describe("Machine-readable: validation_failed, not_found, double_booked, …"),
    message: z.string().describe("A sentence for a person"),
    fields: z.record(z.string(), z.string()).optional().describe("Per field, what is wrong with it"),
  }).describe("Conflicts add the facts they name, e.g. existingClientId or clashingSessionId"),
});

const errorRef = { $ref: "#/components/schemas/Error" };
const json = (schema: JsonSchema) => ({ "application/json": { schema } });

/** The answers an operation gives because of its shape, before the ones its row names. */
function answersByRule(op: Operation): Record<number, Answer> {
  // Every request is refused whole when its path, query or body holds text PostgreSQL cannot store.
  const unstorable = "a path, query or body value holds a NUL character or an unpaired surrogate";
  const byRule: Record<number, Answer> = {
    400: op.body ? `bad_request: the body is not JSON, Content-Type is not application/json, or ${unstorable}` : `bad_request: ${unstorable}`,
  };
  // The body limit holds for any body, even one the operation does not read.
  if (op.method !== "get") byRule[413] = "payload_too_large: the body is over 1 MB";
  if (op.body) byRule[422] = "validation_failed: some fields are missing or invalid (`fields` says which)";
  if (op.auth !== "public") byRule[401] = "unauthorized: no valid token (send Authorization: Bearer <token>)";
  if (op.auth === "staff") byRule[403] = "forbidden: the account is not a member of any practice";
  // Billing on and the practice's subscription lapsed: reads go on, every write waits for the renewal.
  if (op.auth === "staff" && op.method !== "get" && !op.path.startsWith("/api/subscription")) {
    byRule[402] = "subscription_required: the practice's subscription has lapsed; everything stays readable, renew to create or change records";
  }
  if (/:\w+/.test(op.path)) byRule[404] = "not_found: the path names nothing in this practice (a malformed id included)";
  if (op.database !== false) byRule[503] = "busy: the database or the practice's share of it is too busy; nothing was changed, try again";
  return byRule;
}

/** A zod schema as a document schema: registered shapes become `#/components/schemas/…` references. */
function responseSchema(schema: z.ZodType, components: Registry): JsonSchema {
  const out = z.toJSONSchema(schema, { io: "output", metadata: components, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  delete out.$defs;
  return JSON.parse(JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

function answer(reply: Answer, components: Registry) {
  if (typeof reply === "string") return { description: reply, content: json(errorRef) };
  return {
    description: reply.description,
    ...(reply.headers ? { headers: reply.headers } : {}),
    ...(reply.body ? { content: json(responseSchema(reply.body, components)) } : {}),
  };
}

function parameters(op: Operation) {
  const inPath = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name, in: "path", required: true, schema: op.params?.[name!] ?? { type: "string", format: "uuid" },
  }));
  const query = op.query ? requestJsonSchema(op.query) : { properties: {}, required: [] };
  const required = new Set((query.required ?? []) as string[]);
  const inQuery = Object.entries(query.properties as Record<string, JsonSchema>).map(([name, { description, ...schema }]) => ({
    name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema,
  }));
  const headers = Object.entries(op.headers ?? {}).map(([name, h]) => ({ name, in: "header", required: true, ...h }));
  return [...inPath, ...inQuery, ...headers];
}

function operationObject(op: Operation, components: Registry) {
  const replies = answersByRule(op);
  for (const [status, reply] of Object.entries(op.responses)) {
    const byRule = replies[Number(status)];
    // An error the row names and one the rule adds under one status: the description names both.
    replies[Number(status)] = typeof reply === "string" && typeof byRule === "string" ? `${reply}; or ${byRule.replace(/^(\w+): /, (code, name) => (reply.startsWith(`${name}:`) ? "" : code))}` : reply;
  }
  const params = parameters(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    security: op.auth === "public" ? [] : [{ bearer: [] }],
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(requestJsonSchema(op.body, op.bodyHints)) } } : {}),
    responses: Object.fromEntries(Object.entries(replies).map(([status, reply]) => [status, answer(reply, components)])),
  };
}

/** The OpenAPI path of a Hono route: `/api/clients/:clientId` → `/api/clients/{clientId}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

/** `shapes` are the named schemas that answers share; each becomes one entry of components.schemas. */
export function buildOpenApiDocument(info: { title: string; version: string; description: string }, operations: Operation[],
  shapes: Record<string, z.ZodType>) {
  const components = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...shapes, Error: errorJsonSchema })) components.add(schema, { id });
  const schemas = z.toJSONSchema(components, { io: "output", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` }).schemas;
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op, components);
  return {
    openapi: "3.1.0",
    info,
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "The token from register or login" } },
      schemas,
      responses: {
        MethodNotAllowed: {
          description: "method_not_allowed: the path exists, the method does not (any path above, with a method it does not list)",
          headers: { Allow: { description: "The methods the path takes", schema: { type: "string" } } },
          content: json(errorRef),
        },
        NotFound: { description: "not_found: no such path", content: json(errorRef) },
      },
    },
  };
}
