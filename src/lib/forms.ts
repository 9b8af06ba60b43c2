import type { Context } from "hono";

/**
 * The posted form as plain strings. Repeated fields keep their last value and file uploads are
 * dropped, so every schema downstream sees `string | undefined` and nothing else.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === "string") out[key] = last;
  }
  return out;
}
