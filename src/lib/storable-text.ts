// PostgreSQL text cannot hold a NUL character, and a lone UTF-16 surrogate cannot be encoded as UTF-8:
// either one in any field would fail deep in a query or an audit diff as a 500. Browsers never send
// them from our forms, so a request carrying one is refused whole, here, for every route at once.
import type { Context, MiddlewareHandler } from "hono";
import { DomainError } from "./errors.js";

// In a u-mode pattern a surrogate pair is one code point, so \p{Cs} matches only the unpaired ones.
export const isStorableText = (text: string) => !/[\u0000\p{Cs}]/u.test(text);

/** The first name whose value (or the name itself) cannot be stored, walking nested JSON. */
function firstUnstorable(value: unknown, path: string): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path || "body";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnstorable(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return name;
      const found = firstUnstorable(item, name);
      if (found) return found;
    }
  }
  return null;
}

async function bodyOf(c: Context): Promise<unknown> {
  const type = c.req.header("Content-Type") ?? "";
  // Parsing caches the body, so the handler's own read gets the same values without a second parse.
  if (/^application\/(.+\+)?json\b/i.test(type)) return c.req.json().catch(() => null);
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return c.req.parseBody({ all: true }).catch(() => null);
  return null;
}

export const refuseUnstorableText: MiddlewareHandler = async (c, next) => {
  const where = firstUnstorable(c.req.queries(), "") ?? firstUnstorable(c.req.path, "path")
    ?? (c.req.method === "GET" || c.req.method === "HEAD" ? null : firstUnstorable(await bodyOf(c), ""));
  if (where) {
    const message = `“${where.slice(0, 60)}” contains a character that cannot be stored (a NUL character or an unpaired surrogate). Nothing was changed.`;
    throw new DomainError("bad_request", message, { [where]: message });
  }
  await next();
};
