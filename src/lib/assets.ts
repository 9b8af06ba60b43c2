// Static files are served under content-hashed names with a year of immutable caching: a phone on bad
// wifi downloads CSS and htmx once, and a deploy changes the name instead of hoping caches expire.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Hono } from "hono";
import { fromRoot } from "../paths.js";

const require = createRequire(import.meta.url);

const sources: Record<string, string> = {
  "app.css": fromRoot("static/app.css"),
  "print.css": fromRoot("static/print.css"),
  "app.js": fromRoot("static/app.js"),
  "icon.svg": fromRoot("static/icon.svg"),
  "charts.js": fromRoot("static/charts.js"),
  "uplot.min.js": require.resolve("uplot/dist/uPlot.iife.min.js"),
  "uplot.min.css": require.resolve("uplot/dist/uPlot.min.css"),
  // Read straight from the pinned package: no copy step that could drift from package-lock.json.
  "htmx.min.js": require.resolve("htmx.org/dist/htmx.min.js"),
};

const contentTypes: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
};

type Asset = { url: string; body: Buffer; gzip: Buffer; contentType: string };

function loadAssets() {
  const byName = new Map<string, Asset>();
  const byUrl = new Map<string, Asset>();
  for (const [name, file] of Object.entries(sources)) {
    const body = readFileSync(file);
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    const ext = path.extname(name);
    const url = `/static/${name.slice(0, -ext.length)}.${hash}${ext}`;
    const asset = { url, body, gzip: gzipSync(body, { level: 9 }), contentType: contentTypes[ext] ?? "application/octet-stream" };
    byName.set(name, asset);
    byUrl.set(url, asset);
  }
  return { byName, byUrl };
}

const assets = loadAssets();

export function assetUrl(name: keyof typeof sources & string): string {
  const asset = assets.byName.get(name);
  if (!asset) throw new Error(`unknown asset ${name}`);
  return asset.url;
}

export const staticFiles = new Hono().get("/:file", (c) => {
  const asset = assets.byUrl.get(c.req.path);
  if (!asset) return c.text("Not found", 404);
  c.header("Content-Type", asset.contentType);
  c.header("Cache-Control", "public, max-age=31536000, immutable");
  c.header("Vary", "Accept-Encoding");
  // Compressed once at start-up at the highest level, instead of on every request.
  if (/\bgzip\b/.test(c.req.header("Accept-Encoding") ?? "")) {
    c.header("Content-Encoding", "gzip");
    return c.body(new Uint8Array(asset.gzip));
  }
  return c.body(new Uint8Array(asset.body));
});
