// Every answer the tests get from the API is held to /api/openapi.json: its status must be one the
// operation documents and its body must match the documented schema. The harness calls this for every
// request, so the whole suite is the contract test and the document cannot quietly drift from the code.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "../src/routes/api/openapi.js";

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { responses: Record<string, unknown> };
};
const doc = openApiDocument as unknown as Doc;
const DOC_ID = "https://practice.invalid/openapi.json";

/** What the check found, for a test to look at; each one also failed the test that caused it. */
export const contractViolations: string[] = [];

let ajv: Ajv2020 | null = null;
const validators = new Map<string, ValidateFunction>();

/** A validator for the schema at `pointer` in the document, compiled once per process. */
function validatorAt(pointer: string): ValidateFunction {
  if (!ajv) {
    // The document is not a JSON Schema, but its schemas are: only the parts a pointer names get compiled.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...openApiDocument, $id: DOC_ID });
  }
  const known = validators.get(pointer);
  if (known) return known;
  const validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
  validators.set(pointer, validate);
  return validate;
}

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

const templates = Object.keys(doc.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
}));

export function isCheckedPath(path: string) {
  return (path.startsWith("/api/") || path === "/healthz") && path !== "/api/openapi.json";
}

/** Why this answer breaks the document, or null when it keeps it. */
export function contractProblem(method: string, url: string, status: number, headers: Headers, body: string): string | null {
  const path = new URL(url, "http://localhost").pathname;
  const found = templates.find((t) => t.pattern.test(path));
  const verb = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
  let pointer: string;
  if (!found) {
    if (status !== 404) return `${method} ${path} is not in the document, yet answered ${status} (only 404 is documented for unknown paths)`;
    pointer = "/components/responses/NotFound/content/application~1json/schema";
  } else if (!doc.paths[found.template]![verb]) {
    if (status !== 405 || !headers.get("Allow")) return `${method} ${found.template} is not documented, yet answered ${status} (expected 405 with Allow)`;
    pointer = "/components/responses/MethodNotAllowed/content/application~1json/schema";
  } else {
    const response = doc.paths[found.template]![verb]!.responses[String(status)];
    if (!response) return `${method} ${found.template} answered ${status}, which its operation does not document: ${body.slice(0, 300)}`;
    if (!response.content) return body === "" ? null : `${method} ${found.template} answered ${status} with a body the document says it has none of`;
    pointer = `/paths/${escape(found.template)}/${verb}/responses/${status}/content/application~1json/schema`;
  }
  if (verb !== method.toLowerCase()) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return `${method} ${path} answered ${status} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  const validate = validatorAt(pointer);
  if (validate(json)) return null;
  const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
  return `${method} ${path} answered ${status} with a body that does not match the document: ${errors}; body: ${body.slice(0, 300)}`;
}

/** Throws (failing the calling test) when an answer breaks the document. */
export function checkContract(method: string, url: string, status: number, headers: Headers, body: string) {
  if (!isCheckedPath(new URL(url, "http://localhost").pathname)) return;
  const problem = contractProblem(method, url, status, headers, body);
  if (!problem) return;
  contractViolations.push(problem);
  throw new Error(`API contract: ${problem}`);
}
