// What a run finds, as written to bench/results/<date>-<label>.json (and latest.json; a --quick run to
// quick-latest.json alone), and what each measuring step is given to add to it.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../src/paths.js";
import type { Auth, Credentials } from "./credentials.js";
import { log } from "./log.js";
import type { Config } from "./options.js";
import type { Percentiles } from "./percentiles.js";
import type { PageWeight } from "./page-weight.js";
import type { MeasuredRoute } from "./routes.js";
import type { Fixtures } from "./seed/fixtures.js";
import type { Scale, SeedReport } from "./seed/section.js";
import type { Memory } from "./server-process.js";
import type { ThrottledResult } from "./throttled.js";

export type CalendarFragment = {
  view: "week" | "day"; date: string; purpose: string; path: string;
  status: number; contentEncoding: string | null;
  /** Body bytes as sent (gzip when contentEncoding says so), and decompressed. */
  bytes: number; rawBytes: number;
  /** a.session-card elements in the fragment, and the sessions the database holds for that range. */
  cards: number; sessions: number | null;
};
export type CheckInResponse = {
  variant: string; path: string; status: number; contentEncoding: string | null;
  bytes: number; rawBytes: number; headerBytes: number; attendeeRow: boolean;
};
export type SearchFragment = {
  q: string; purpose: string; path: string;
  status: number; contentEncoding: string | null;
  /** Body bytes as sent (gzip when contentEncoding says so). */
  bytes: number; rawBytes: number;
  /** Client rows in the fragment, and whether it ends with a "show more" row. */
  rows: number; more: boolean;
  /** Every match (status current), counted by following the JSON API's cursor. */
  matches: number | null;
};
export type LoadResult = {
  route: string; path: string; method: string; auth: Auth;
  requests: number; requestsPerSecond: number;
  latencyMs: Percentiles;
  non2xx: number; errors: number; timeouts: number; statusCodes: Record<string, number>;
  /** Server VmRSS / VmHWM right after this route's load. */
  memoryAfter?: Memory | null;
};
export type ChartSeriesInfo = {
  label: string; points: number; downsampled: boolean;
  /** Entries the figcaption says the points stand for (down-sampled series), and whether it says so at all. */
  entries: number | null; captioned: boolean;
};
export type ChartInfo = { id: string; caption: string; series: ChartSeriesInfo[]; problem?: string };
export type MetricResponse = {
  what: string; method: "GET" | "POST"; path: string; status: number; contentEncoding: string | null;
  /** Body bytes as sent (gzip when contentEncoding says so), and decompressed. */
  bytes: number; rawBytes: number;
  /** Every figure.chart in the body, its series counted from the data-chart JSON. */
  charts: ChartInfo[];
  /** Rows of something else: entries under a chart, API metrics, overview clients. */
  rows?: { what: string; n: number };
  /** The logging answer: whether it is the card alone, and the points its chart must show (the daily series + the new one). */
  card?: { alone: boolean; expectPoints: number };
};
export type ProgramGrid = {
  path: string; status: number; contentEncoding: string | null;
  /** The whole page as sent (gzip when contentEncoding says so), and decompressed. */
  bytes: number; rawBytes: number;
  /** `.attendance-grid tbody tr` (participants) and `.attendance-grid thead th` (a corner cell + one per session). */
  rows: number; headerCells: number;
  /** Cells by mark: attended, no_show, canceled, registered, none. */
  marks: Record<string, number>;
  /** What the database holds for the series. */
  sessions: number; participants: number;
};
export type VariantTiming = { label: string; path: string; serverMs: Percentiles; clientMs: Percentiles };
export type ServerTimingResult = {
  route: string; path: string; method: string; serverMs: Percentiles; clientMs: Percentiles; failures: number; missingHeader: number;
  /** Set when config.sampleSeconds ran out before --samples: the requests sent. */
  stoppedAfter?: number;
  /** Per URL, when the route cycles through several. */
  variants?: VariantTiming[];
};
/** measure-fairness.ts: the bench practice's home, client-observed, while a neighbour books big series in a loop. */
export type NoisyNeighbourResult = {
  /** The neighbour practice's owner, its clients per booking, sessions per series and parallel clients. */
  neighbour: string; clientsPerRequest: number; sessionsPerRequest: number; parallel: number;
  /** GET / (the bench practice's week) wall time, sequential: alone, then while the neighbour writes. */
  baselineMs: Percentiles; underLoadMs: Percentiles; homeFailures: number;
  /** The neighbour's bookings in flight as each GET / started (fewest, most). */
  bookingsInFlight: { min: number; max: number };
  /** The neighbour's bookings, from the loop's start until those in flight when sampling ended had answered. */
  writes: { requests: number; seconds: number; requestsPerSecond: number; statuses: Record<string, number>; errors: number; latencyMs: Percentiles };
};
/** measure-login-flood.ts: /healthz, client-observed and sequential, while wrong-password logins pour in. */
export type LoginFloodResult = {
  attempts: number; emails: number; concurrency: number; seconds: number; attemptsPerSecond: number;
  statuses: Record<string, number>; errors: number; loginMs: Percentiles;
  healthzMs: Percentiles; healthzFailures: number;
};
export type Budget = {
  name: string; limit: number; actual: number; unit: string; enforced: boolean; ok: boolean; note?: string;
  /** What `ok` was judged against when it is not the limit itself: the limit x QUICK_MARGIN of a --quick run. */
  allowed?: number;
};

export type Results = {
  label: string;
  startedAt: string;
  finishedAt?: string;
  wallSeconds?: number;
  machine: { node: string; platform: string; arch: string; cpus: number; cpuModel: string; totalMemMb: number; postgres: string };
  scale: Scale;
  config: Config;
  routes: string[];
  database: string;
  seed?: SeedReport;
  fixtures?: Fixtures;
  load: LoadResult[];
  serverTiming: ServerTimingResult[];
  searchFragments: SearchFragment[];
  calendarFragments: CalendarFragment[];
  checkInResponses: CheckInResponse[];
  programGrid?: ProgramGrid;
  metricResponses: MetricResponse[];
  pageWeight: { home?: PageWeight; login?: PageWeight; portalHome?: PageWeight; favicon?: { status: number; bytes: number; contentType: string } };
  throttled?: ThrottledResult;
  noisyNeighbour?: NoisyNeighbourResult;
  loginFlood?: LoginFloodResult;
  memory: { idle?: Memory | null; afterLoad?: Memory | null; final?: Memory | null };
  serverStderr: string[];
  budgets: Budget[];
  notes: string[];
  failures: string[];
  ok: boolean;
};

/** What each measuring step gets: the running server, the credentials, the routes that passed their preflight, and the results to add to. */
export type Measuring = {
  base: string;
  pid: number;
  creds: Credentials;
  measured: MeasuredRoute[];
  fixtures: Fixtures;
  scale: Scale;
  config: Config;
  results: Results;
};

/** A run's results before anything is measured (the keys in the order the JSON has them). */
export function newResults(run: { label: string; scale: Scale; config: Config; routes: string[]; database: string }): Results {
  const cpus = os.cpus();
  return {
    label: run.label,
    startedAt: new Date().toISOString(),
    machine: {
      node: process.version, platform: process.platform, arch: process.arch,
      cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? "unknown", totalMemMb: Math.round(os.totalmem() / 1024 / 1024), postgres: "unknown",
    },
    scale: run.scale, config: run.config, routes: run.routes, database: run.database,
  load: [], serverTiming: [], searchFragments: [], calendarFragments: [], checkInResponses: [], metricResponses: [], pageWeight: {}, memory: {}, serverStderr: [], budgets: [], notes: [], failures: [], ok: false,
  };
}

/** The dated file of a run, to pass to writeResultFiles beside "latest.json" or alone. */
export const datedResultFile = (results: Results) => `${results.startedAt.slice(0, 10)}-${results.label}.json`;

/** The results, as the same JSON, into each of these files of bench/results/. */
export function writeResultFiles(results: Results, files: string[]) {
  const dir = path.join(projectRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(results, null, 2) + "\n";
  for (const file of files) writeFileSync(path.join(dir, file), json);
  log(`wrote ${files.map((f) => `bench/results/${f}`).join(" and ")} (${results.wallSeconds} s)`);
}
