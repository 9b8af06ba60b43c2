// The API document against the OpenAPI 3.1 schema, against the app's own routes, and the contract check
// (test/api-contract.ts, run on every API answer of the suite) shown to fail when it should.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import { openApiDocument } from "../src/routes/api/openapi.js";
import { checkContract, contractProblem, contractViolations } from "./api-contract.js";
import { aBrowser, testApp } from "./harness.js";

type Operation = { operationId?: string; security?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };
const doc = openApiDocument as unknown as { paths: Record<string, Record<string, Operation>>; security: unknown[] };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));
const isProtected = (op: Operation) => (op.security ?? doc.security).length > 0;

describe("the document", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(openApiDocument));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("every $ref points at something in the document", () => {
    const refs = [...JSON.stringify(openApiDocument).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    const dangling = refs.filter((ref) => {
      let node: unknown = openApiDocument;
      for (const part of ref.replace(/^#\//, "").split("/")) node = (node as Record<string, unknown> | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
      return node === undefined;
    });
    expect(dangling).toEqual([]);
  });

  test("documents exactly the API routes the app has, method for method", () => {
    const routed = new Set(testApp().routes
      .filter((r) => r.method !== "ALL" && !r.path.includes("*") && (r.path.startsWith("/api/") || r.path === "/healthz"))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`));
    const documented = new Set(operations.map(({ method, path }) => `${method} ${path}`));
    expect([...documented].filter((o) => !routed.has(o))).toEqual([]);
    expect([...routed].filter((o) => !documented.has(o))).toEqual([]);
  });

  test("every operation has its own operationId", () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("protected operations document 401, operations with a body 400, 413 and 422, path ids 404", () => {
    const missing = operations.flatMap(({ method, path, op }) => [
      ...(isProtected(op) && !op.responses["401"] ? [`${method} ${path}: 401`] : []),
      ...(op.requestBody ? ["400", "413", "422"].filter((s) => !op.responses[s]).map((s) => `${method} ${path}: ${s}`) : []),
      ...(path.includes("{") && !op.responses["404"] ? [`${method} ${path}: 404`] : []),
    ]);
    expect(missing).toEqual([]);
  });

  test("only webhook, register, login, health and the document itself are public", () => {
    const open = operations.filter(({ op }) => !isProtected(op)).map(({ method, path }) => `${method} ${path}`).sort();
    expect(open).toEqual(["get /api/openapi.json", "get /healthz", "post /api/auth/login", "post /api/auth/register", "post /api/webhook/calendly/{connectionId}", "post /api/webhook/stripe"]);
  });

  test("request schemas say what the server enforces: limits past a pipe, formats of refinements, what is really required", () => {
    const body = (path: string, method: string) => (doc.paths[path]![method]!.requestBody as any).content["application/json"].schema;
    const client = body("/api/clients", "post");
    expect(client.properties.firstName.maxLength).toBe(100);
    expect(JSON.stringify(client.properties.email)).toContain('"format":"email"');
    expect(JSON.stringify(client.properties.dateOfBirth)).toContain('"format":"date"');
    expect(body("/api/sessions/{sessionId}/attendees", "post").properties.clientId.format).toBe("uuid");
    expect(body("/api/metric-templates", "post").required).toEqual(["name", "type"]);
    expect(body("/api/programs", "post").required).toEqual(["name", "type"]);
  });
});

describe("405 for a method a path does not take", () => {
  test("answers with Allow from the app's routes, before asking who is calling", async () => {
    const reply = await aBrowser().send("DELETE", "/api/clients");
    expect(reply.status).toBe(405);
    expect(reply.headers.get("Allow")!.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
    expect(reply.json().error.code).toBe("method_not_allowed");
    const logout = await aBrowser().get("/api/auth/logout");
    expect(logout.status).toBe(405);
    expect(logout.headers.get("Allow")).toBe("POST");
  });

  test("an unknown API path is still a 404", async () => {
    expect((await aBrowser().send("DELETE", "/api/nothing-here")).status).toBe(404);
  });
});

describe("the contract check", () => {
  const json = (value: unknown) => JSON.stringify(value);
  const me = { user: { id: "0b9a4f5e-3f1c-4c55-9a51-5b1f0c7c1e11", email: "a@example.com", fullName: "A", role: "practitioner" },
    practice: { id: "1b9a4f5e-3f1c-4c55-9a51-5b1f0c7c1e11", name: "P", timezone: "UTC", currency: "EUR" } };

  test("passes a documented answer", () => {
    expect(contractProblem("GET", "/api/user/me", 200, new Headers(), json(me))).toBeNull();
  });

  test("fails an undocumented status, and the failure fails the test that caused it", () => {
    expect(contractProblem("GET", "/api/user/me", 418, new Headers(), json({ error: { code: "teapot", message: "No." } })))
      .toMatch(/answered 418, which its operation does not document/);
    const before = contractViolations.length;
    expect(() => checkContract("GET", "/api/user/me", 500, new Headers(), json({ error: { code: "internal", message: "Oops" } })))
      .toThrow(/API contract: GET \/api\/user\/me answered 500/);
    expect(contractViolations.length).toBe(before + 1);
    contractViolations.pop();
  });

  test("fails a body that drifted from the documented schema", () => {
    const drifted = { ...me, user: { ...me.user, role: "owner", nickname: "x" } };
    expect(contractProblem("GET", "/api/user/me", 200, new Headers(), json(drifted))).toMatch(/does not match the document/);
    expect(contractProblem("GET", "/api/user/me", 200, new Headers(), json({ user: me.user }))).toMatch(/practice/);
  });

  test("fails a 405 without Allow, and an unknown path answering anything but 404", () => {
    expect(contractProblem("DELETE", "/api/clients", 405, new Headers(), json({ error: { code: "method_not_allowed", message: "No" } }))).toMatch(/Allow/);
    expect(contractProblem("GET", "/api/nothing-here", 200, new Headers(), "{}")).toMatch(/not in the document/);
  });
});
