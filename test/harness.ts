// The app under test, on a real database, driven through app.request() like a browser would.
import { parse, type HTMLElement } from "node-html-parser";
import { createApp } from "../src/app.js";
import { checkContract } from "./api-contract.js";
import type { Db } from "../src/db/client.js";
import { readEnv } from "../src/env.js";
import { openTestDatabase, type TestDatabase } from "./test-database.js";

export const ORIGIN = "http://localhost";
// Every test request comes from one address (no socket): the sign-up limit per address would stop a
// file's tenth sign-up. test/sign-in-limits.test.ts tests that limit at its default.
export const testEnv = readEnv({ NODE_ENV: "test", APP_URL: ORIGIN, SIGNUPS_PER_HOUR: "1000" });

let database: TestDatabase | null = null;
let app: ReturnType<typeof createApp> | null = null;

export async function startHarness(provided: { pgTemplate?: string; pgliteDump?: string }) {
  database = await openTestDatabase(provided);
  app = createApp(database, testEnv);
}

export async function stopHarness() {
  await database?.close();
  database = null;
  app = null;
}

export function testDb(): Db {
  if (!database) throw new Error("harness not started");
  return database.db;
}

export function testApp() {
  if (!app) throw new Error("harness not started");
  return app;
}

export function testDatabase(): TestDatabase {
  if (!database) throw new Error("harness not started");
  return database;
}

export type Reply = {
  status: number;
  headers: Headers;
  body: string;
  /** The response parsed as HTML, to assert on by selector. */
  doc: () => HTMLElement;
  json: () => any;
};

type SendOptions = {
  form?: Record<string, string>;
  json?: unknown;
  /** A raw body, for garbage-in tests. */
  raw?: { body: string; contentType: string };
  htmx?: boolean;
  bearer?: string;
  /** Defaults to our own origin, as a browser posting our form would send. `null` sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

/** A cookie-keeping client, like one browser tab; of the harness's app unless given another (e.g. one with Stripe settings). */
export function aBrowser(target?: ReturnType<typeof createApp>) {
  const jar = new Map<string, string>();

  async function send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const headers = new Headers(options.headers);
    if (jar.size) headers.set("Cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    if (options.htmx) headers.set("HX-Request", "true");
    if (options.bearer) headers.set("Authorization", `Bearer ${options.bearer}`);
    const origin = options.origin === undefined ? ORIGIN : options.origin;
    if (origin && method !== "GET") headers.set("Origin", origin);
    let body: string | undefined;
    if (options.form) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(options.json);
    } else if (options.raw) {
      headers.set("Content-Type", options.raw.contentType);
      body = options.raw.body;
    }
    const current = target ?? app;
    if (!current) throw new Error("harness not started");
    const res = await current.request(`${ORIGIN}${path}`, { method, headers, body });
    for (const cookie of res.headers.getSetCookie()) remember(cookie);
    const text = await res.text();
    checkContract(method, path, res.status, res.headers, text);
    return {
      status: res.status,
      headers: res.headers,
      body: text,
      doc: () => parse(text),
      json: () => JSON.parse(text),
    };
  }

  function remember(setCookie: string) {
    const [pair, ...attributes] = setCookie.split(";");
    const eq = pair!.indexOf("=");
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
      attributes.some((a) => /^\s*expires=/i.test(a) && new Date(a.split("=")[1]!).getTime() < Date.now());
    if (expired || value === "") jar.delete(name);
    else jar.set(name, value);
  }

  return {
    get: (path: string, options?: SendOptions) => send("GET", path, options),
    post: (path: string, options?: SendOptions) => send("POST", path, options),
    send,
    cookie: (name: string) => jar.get(name),
    setCookie: (name: string, value: string) => jar.set(name, value),
  };
}
export type Browser = ReturnType<typeof aBrowser>;

/** The text of the first element matching `selector`, trimmed; "" when there is none. */
export const text = (reply: Reply, selector: string) => reply.doc().querySelector(selector)?.text.trim() ?? "";
export const all = (reply: Reply, selector: string) => reply.doc().querySelectorAll(selector);
