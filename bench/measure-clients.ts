// The client search fragment as a browser gets it: bytes as sent, rows shown, and how many clients match in all.
import { authHeaders, type Credentials } from "./credentials.js";
import { log } from "./log.js";
import { decodedBody, rawGet } from "./page-weight.js";
import type { SearchFragment, Measuring } from "./results.js";
import { htmx, searchUrl } from "./routes.js";
import { benchSearches } from "./seed/clients.js";


/** When the search route was measured: each search's fragment; one that does not answer 200 fails the run. */
export async function measureSearchFragments(bench: Measuring) {
  const { base, creds, results } = bench;
  const searchMeasured = bench.measured.some((m) => m.route.path === "/clients?q=*");
  if (searchMeasured) {
    log("weight of the client search fragment");
    results.searchFragments = await weighSearchFragments(base, creds);
    for (const f of results.searchFragments) if (f.status !== 200) results.failures.push(`search fragment ${f.path}: status ${f.status}`);
  }
}

/** Each search's fragment as a browser gets it (gzip, as sent), its rows, and how many clients match in all. */
async function weighSearchFragments(base: string, creds: Credentials): Promise<SearchFragment[]> {
  const out: SearchFragment[] = [];
  for (const s of benchSearches) {
    const path = searchUrl(s.q);
    const got = await rawGet(base + path, { Cookie: creds.cookie, ...htmx });
    const html = decodedBody(got);
    const rows = (html.match(/<a href="\/clients\/[0-9a-f-]{36}">/g) ?? []).length; // one link per client row
    out.push({
      q: s.q, purpose: s.label, path, status: got.status, contentEncoding: got.contentEncoding,
      bytes: got.bytes, rawBytes: Buffer.byteLength(html), rows, more: html.includes('id="more-clients"'),
      matches: await countMatches(base, s.q, creds),
    });
  }
  return out;
}

async function countMatches(base: string, q: string, creds: Credentials): Promise<number | null> {
  let total = 0;
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const params = new URLSearchParams({ q, status: "current", sort: "name", limit: "200", ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${base}/api/clients?${params}`, { headers: authHeaders("bearer", creds), signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) return null;
    const body = (await res.json()) as { clients: unknown[]; nextCursor: string | null };
    total += body.clients.length;
    cursor = body.nextCursor;
    if (!cursor) return total;
  }
  return null;
}
