// What a browser downloads for a cold first load of one page: the HTML and every stylesheet, script and icon
// it links, each asked for with Accept-Encoding: gzip. Measured with node:http because fetch decompresses
// transparently and would hide the bytes that actually cross the wire.
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { parse } from "node-html-parser";

export type Fetched = {
  url: string;
  status: number;
  contentType: string;
  contentEncoding: string | null;
  /** Body bytes as sent (compressed when contentEncoding is gzip). */
  bytes: number;
  /** Status line and headers, approximately as sent (HTTP/1.1). Reported, not counted in budgets. */
  headerBytes: number;
  body: Buffer;
};

export type Resource = {
  kind: "html" | "stylesheet" | "print-stylesheet" | "script" | "icon" | "other";
  url: string;
  status: number;
  contentEncoding: string | null;
  bytes: number;
  headerBytes: number;
};

export type PageWeight = {
  page: string;
  resources: Resource[];
  /** HTML + non-print CSS + scripts + icons: what the budget counts. */
  countedBytes: number;
  /** media=print stylesheets: downloaded by browsers at low priority, reported apart. */
  printBytes: number;
  headerBytes: number;
  requests: number;
  problems: string[];
};

const MAX_BODY = 5 * 1024 * 1024;

export function rawGet(url: string, headers: Record<string, string> = {}, timeoutMs = 10000): Promise<Fetched> {
  return rawRequest(url, { headers, timeoutMs });
}

/** A body as text, decompressed when it was sent gzip. */
export const decodedBody = (got: Fetched) => (got.contentEncoding === "gzip" ? gunzipSync(got.body) : got.body).toString("utf8");

/** One request with node:http, the body kept as sent (compressed when the server compressed it). */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Fetched> {
  const { method = "GET", headers = {}, body, timeoutMs = 10000 } = options;
  return new Promise((resolve, reject) => {
    const sendHeaders: Record<string, string> = { "Accept-Encoding": "gzip", ...headers };
    if (body !== undefined) sendHeaders["Content-Length"] = String(Buffer.byteLength(body));
    const req = http.request(url, { method, headers: sendHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) return req.destroy(new Error(`${url}: body larger than ${MAX_BODY} bytes`));
        chunks.push(chunk);
      });
      res.on("end", () => {
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += res.rawHeaders[i]!.length + 2 + res.rawHeaders[i + 1]!.length + 2;
        resolve({
          url,
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"] ?? ""),
          contentEncoding: res.headers["content-encoding"] ?? null,
          bytes: size,
          headerBytes,
          body: Buffer.concat(chunks),
        });
      });
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Fetches a page and everything it links, like a browser with an empty cache (plus the cookie given). */
export async function measurePageWeight(pageUrl: string, headers: Record<string, string> = {}): Promise<PageWeight> {
  const problems: string[] = [];
  const page = await rawGet(pageUrl, headers);
  if (page.status !== 200) problems.push(`${pageUrl}: status ${page.status}`);
  if (page.contentEncoding !== "gzip") problems.push(`${pageUrl}: not compressed (Content-Encoding: ${page.contentEncoding ?? "none"})`);

  const html = decodedBody(page);
  const root = parse(html);
  const origin = new URL(pageUrl).origin;
  const linked: { kind: Resource["kind"]; href: string }[] = [];
  for (const link of root.querySelectorAll("link[href]")) {
    const rel = (link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    const href = link.getAttribute("href")!;
    if (rel.includes("stylesheet")) {
      const media = (link.getAttribute("media") ?? "all").trim().toLowerCase();
      linked.push({ kind: media === "print" ? "print-stylesheet" : "stylesheet", href });
    } else if (rel.includes("icon") || rel.includes("apple-touch-icon")) {
      linked.push({ kind: "icon", href });
    } else if (rel.includes("preload") || rel.includes("modulepreload")) {
      linked.push({ kind: "other", href });
    }
  }
  for (const script of root.querySelectorAll("script[src]")) linked.push({ kind: "script", href: script.getAttribute("src")! });
  for (const img of root.querySelectorAll("img[src]")) {
    const src = img.getAttribute("src")!;
    if (!src.startsWith("data:")) linked.push({ kind: "other", href: src });
  }

  const resources: Resource[] = [{ kind: "html", url: new URL(pageUrl).pathname, status: page.status, contentEncoding: page.contentEncoding, bytes: page.bytes, headerBytes: page.headerBytes }];
  const seen = new Set<string>();
  for (const { kind, href } of linked) {
    const url = new URL(href, pageUrl);
    if (url.origin !== origin) {
      problems.push(`${href}: another origin (the CSP allows only 'self'); not measured`);
      continue;
    }
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    // Static files need no cookie; a browser would send it anyway, so do the same.
    const got = await rawGet(url.href, headers);
    if (got.status !== 200) problems.push(`${url.pathname}: status ${got.status}`);
    const compressible = /^(text\/|application\/(javascript|json)|image\/svg)/.test(got.contentType);
    if (compressible && got.contentEncoding !== "gzip" && got.bytes > 1024) problems.push(`${url.pathname}: ${got.bytes} bytes not compressed`);
    resources.push({ kind, url: url.pathname + url.search, status: got.status, contentEncoding: got.contentEncoding, bytes: got.bytes, headerBytes: got.headerBytes });
  }

  const countedBytes = resources.filter((r) => r.kind !== "print-stylesheet").reduce((n, r) => n + r.bytes, 0);
  const printBytes = resources.filter((r) => r.kind === "print-stylesheet").reduce((n, r) => n + r.bytes, 0);
  const headerBytes = resources.reduce((n, r) => n + r.headerBytes, 0);
  return { page: new URL(pageUrl).pathname, resources, countedBytes, printBytes, headerBytes, requests: resources.length, problems };
}
