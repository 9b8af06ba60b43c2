// JSON Schema for what a zod schema accepts, for the API description. z.toJSONSchema describes a pipe by
// its first half and a refinement not at all, so "a name of at most 120 characters, then at most 100"
// would read as 120 and "a uuid" as any string; and a preprocessed field reads as required even when the
// preprocessing turns "missing" into a valid null. These rules put the second half, the refinements we
// can name and what the schema really requires back in, so the document says what the server enforces.
import { z } from "zod";
import { isUuid } from "./ids.js";
import { isRealDate } from "./time.js";

type JsonSchema = Record<string, unknown>;
type ZodDef = { type: string; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType>; checks?: Array<{ _zod: { def: { check: string; fn?: unknown } } }> };

const defOf = (schema: unknown) => (schema as { _zod: { def: ZodDef } })._zod.def;

// Refinements are functions, so only those we know by name can be described.
const knownRefinements = new Map<unknown, JsonSchema>([[isUuid, { format: "uuid" }], [isRealDate, { format: "date" }]]);

/** The alternatives of a schema, one per JSON type: `{type: ["string", "null"]}` is a string or a null. */
function branches(schema: JsonSchema): JsonSchema[] {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).flatMap(branches);
  if (Array.isArray(schema.type)) return (schema.type as string[]).map((type) => ({ ...schema, type }));
  return [schema];
}

const sameKind = (a: unknown, b: unknown) => a === b || (a === "number" && b === "integer") || (a === "integer" && b === "number");

/** Both constraints at once, for two schemas of the same JSON type: the tighter bound of each pair wins. */
function tighten(first: JsonSchema, second: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...second, ...first };
  if (first.type === "integer" || second.type === "integer") out.type = "integer";
  for (const key of ["minLength", "minimum", "minItems"]) {
    const values = [first[key], second[key]].filter((v) => typeof v === "number");
    if (values.length) out[key] = Math.max(...values);
  }
  for (const key of ["maxLength", "maximum", "maxItems"]) {
    const values = [first[key], second[key]].filter((v) => typeof v === "number");
    if (values.length) out[key] = Math.min(...values);
  }
  return out;
}

/**
 * What a pipe accepts: its first half, each alternative tightened by the second half's alternative of the
 * same type. An alternative the second half has no type for (digits as text, turned into a number by a
 * transform before the second half sees it) stays as the first half says.
 */
function pipeSchema(first: JsonSchema, second: JsonSchema): JsonSchema {
  const { description, default: byDefault } = first;
  const merged = branches(first).map((branch) => {
    const match = branches(second).find((b) => sameKind(b.type, branch.type));
    return match ? tighten(branch, match) : branch;
  });
  const schema = merged.length === 1 ? merged[0]! : { anyOf: merged };
  return { ...schema, ...(description ? { description } : {}), ...(byDefault !== undefined ? { default: byDefault } : {}) };
}

/** Whether the server needs the property: it does unless the property's schema takes "missing" itself. */
function requiresValue(schema: z.ZodType) {
  try {
    return !schema.safeParse(undefined).success;
  } catch {
    return true;
  }
}

function describe(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override: ({ zodSchema, jsonSchema }) => refine(zodSchema, jsonSchema) });
  delete json.$schema;
  return json;
}

function refine(zodSchema: unknown, json: JsonSchema) {
  const def = defOf(zodSchema);
  for (const check of def.checks ?? []) {
    const known = check._zod.def.check === "custom" ? knownRefinements.get(check._zod.def.fn) : undefined;
    if (known) Object.assign(json, known);
  }
  if (def.type === "pipe" && def.out && !["transform", "any", "unknown"].includes(defOf(def.out).type) && defOf(def.in).type !== "transform") {
    const merged = pipeSchema({ ...json }, describe(def.out));
    for (const key of Object.keys(json)) delete json[key];
    Object.assign(json, merged);
  }
  if (def.type === "object" && def.shape) {
    const required = Object.entries(def.shape).filter(([, property]) => requiresValue(property)).map(([key]) => key);
    if (required.length) json.required = required;
    else delete json.required;
  }
}

/**
 * The JSON Schema of a request body or query. `hints` adds what a transform checks and no schema can say
 * (a property's format, say), merged into the property's string alternative.
 */
export function requestJsonSchema(schema: z.ZodType, hints: Record<string, JsonSchema> = {}): JsonSchema {
  const json = describe(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, hint] of Object.entries(hints)) {
    const property = properties[name];
    if (!property) throw new Error(`requestJsonSchema: no property ${name} to describe`);
    properties[name] = pipeSchema(property, { type: "string", ...hint });
  }
  return json;
}
