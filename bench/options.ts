// The command line of `npm run bench` (bench/run.ts says what each option does). A wrong option ends the
// process with exit code 2 (an unknown one throws, as parseArgs does with strict).
import { parseArgs } from "node:util";
import { defaultScale, type Scale } from "./seed/section.js";

export type Config = {
  durationS: number; warmupS: number; connections: number; samples: number;
  /** Sequential sampling of a route stops after this many seconds once it has its minimum (measure-server-timing.ts). */
  sampleSeconds: number;
  /** Throttled cold loads of the calendar, and check-in clicks, in Chromium (measure-throttled.ts); the worst counts. */
  browserRuns: number;
};

/** --quick, for CI: every budget that full scale has a fixture for still has one (a full page of search results at
 *  1,000 clients, the busy week whatever the volume, a down-sampled year at 100,000 points), seeded in seconds. */
const quickScale: Scale = { practices: 20, clients: 1000, sessions: 10_000, metrics: 100_000 };
/** One second of load per route is enough to catch errors under concurrency and to raise the RSS peak; the
 *  sequential samples give p95 as the 3rd-slowest of 60, and a slow route cannot hold the run up for long; the
 *  throttled browser's worst of two. */
const quickConfig: Config = { durationS: 1, warmupS: 0, connections: 10, samples: 60, sampleSeconds: 2, browserRuns: 2 };
const fullConfig: Config = { durationS: 3, warmupS: 1, connections: 10, samples: 200, sampleSeconds: 4, browserRuns: 3 };
/** A quick run is small and short, so its timings are noisier: an enforced budget passes up to its limit x this. */
export const QUICK_MARGIN = 1.5;
export type Options = {
  scale: Scale;
  config: Config;
  label: string;
  /** --routes: only these of the measured routes, by the path shown; undefined for every default route. */
  only: string[] | undefined;
  keepDb: boolean;
  /** --quick: the scaled-down seed and config above, budgets judged with QUICK_MARGIN, its own database and results file. */
  quick: boolean;
};

export function readOptions(): Options {
  const { values: opts } = parseArgs({
    options: {
      practices: { type: "string" },
      clients: { type: "string" },
      sessions: { type: "string" },
      metrics: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      samples: { type: "string" },
      label: { type: "string" },
      routes: { type: "string" },
      "keep-db": { type: "boolean" },
      quick: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });

  if (opts.help) {
    console.log("npm run bench -- [--practices 200] [--clients 5000] [--sessions 100000] [--metrics 1000000] [--duration 3] [--warmup 1] [--connections 10] [--samples 200] [--label foundation] [--routes /,/clients?q=*] [--keep-db] [--quick]");
    process.exit(0);
  }

  const quick = opts.quick === true;
  const [baseScale, baseConfig] = quick ? [quickScale, quickConfig] : [defaultScale, fullConfig];
  const scale: Scale = {
    practices: intOption("practices", opts.practices, baseScale.practices, 1, 100_000),
    clients: intOption("clients", opts.clients, baseScale.clients, 0, 10_000_000),
    sessions: intOption("sessions", opts.sessions, baseScale.sessions, 0, 100_000_000),
    metrics: intOption("metrics", opts.metrics, baseScale.metrics, 0, 1_000_000_000),
  };
  const config = {
    durationS: intOption("duration", opts.duration, baseConfig.durationS, 1, 600),
    warmupS: intOption("warmup", opts.warmup, baseConfig.warmupS, 0, 60),
    connections: intOption("connections", opts.connections, baseConfig.connections, 1, 1000),
    samples: intOption("samples", opts.samples, baseConfig.samples, 1, 100_000),
    sampleSeconds: baseConfig.sampleSeconds,
    browserRuns: baseConfig.browserRuns,
  };
  const label = opts.label ?? (quick ? "quick" : "foundation");
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(label)) {
    console.error("--label: lower-case letters, digits and dashes only");
    process.exit(2);
  }
  const only = opts.routes?.split(",").map((p) => p.trim()).filter(Boolean);
  return { scale, config, label, only, keepDb: opts["keep-db"] === true, quick };
}

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number) {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got ${raw}`);
    process.exit(2);
  }
  return n;
}
