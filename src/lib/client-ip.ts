import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";

/** The address the login limiter counts by. X-Forwarded-For is believed only when we are told a proxy sets it. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header("X-Forwarded-For") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}
