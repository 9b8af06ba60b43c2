// An API path that exists, asked with a method it does not take, answers 405 and says which methods it
// takes (RFC 9110), before any auth or body handling: "no such method" is true for everyone.
// The methods come from the app's own routes, so a new handler is allowed the moment it is mounted.
import type { MiddlewareHandler } from "hono";
import { isApiPath } from "./json-api.js";

type Route = { method: string; path: string };
type Endpoint = { pattern: RegExp; methods: Set<string> };

/** Each routed path as a pattern, with the methods that have a handler there (middleware, "ALL", is not one). */
function endpointsOf(routes: readonly Route[]): Endpoint[] {
  const byPath = new Map<string, Set<string>>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    // Hono answers HEAD with the GET handler.
    if (route.method === "GET") methods.add("HEAD");
    byPath.set(route.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+")}$`),
    methods,
  }));
}

/** `routes` is read on the first request, once every route is mounted. */
export function rejectUnlistedMethods(routes: () => readonly Route[]): MiddlewareHandler {
  let endpoints: Endpoint[] | null = null;
  return async (c, next) => {
    if (!isApiPath(c.req.path)) return next();
    endpoints ??= endpointsOf(routes());
    const matching = endpoints.filter((e) => e.pattern.test(c.req.path));
    if (!matching.length || matching.some((e) => e.methods.has(c.req.method))) return next();
    const allow = [...new Set(matching.flatMap((e) => [...e.methods]))].join(", ");
    c.header("Allow", allow);
    return c.json({ error: { code: "method_not_allowed", message: `${c.req.method} is not allowed here; this path takes ${allow}.` } }, 405);
  };
}
