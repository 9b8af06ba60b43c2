// The command line of `npm run bench` (bench/run.ts says what each option does). A wrong option ends the
// process with exit code 2 (an unknown one throws, as parseArgs does with strict).
import { parseArgs } from "node:util";
import { defaultScale, type Scale } from "./seed/section.js";

export type Config = { durationS: number; warmupS: number; connections: number; samples: number };
export type Options = {
  scale: Scale;
  config: Config;
  label: string;
  /** --routes: only these of the measured routes, by the path shown; undefined for every default route. */
  only: string[] | undefined;
  keepDb: boolean;
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
      help: { type: "boolean" },
    },
    strict: true,
  });

  if (opts.help) {
    console.log("npm run bench -- [--practices 200] [--clients 5000] [--sessions 100000] [--metrics 1000000] [--duration 3] [--warmup 1] [--connections 10] [--samples 200] [--label foundation] [--routes /,/clients?q=*] [--keep-db]");
    process.exit(0);
  }

  const scale: Scale = {
    practices: intOption("practices", opts.practices, defaultScale.practices, 1, 100_000),
    clients: intOption("clients", opts.clients, defaultScale.clients, 0, 10_000_000),
    sessions: intOption("sessions", opts.sessions, defaultScale.sessions, 0, 100_000_000),
    metrics: intOption("metrics", opts.metrics, defaultScale.metrics, 0, 1_000_000_000),
  };
  const config = {
    durationS: intOption("duration", opts.duration, 3, 1, 600),
    warmupS: intOption("warmup", opts.warmup, 1, 0, 60),
    connections: intOption("connections", opts.connections, 10, 1, 1000),
    samples: intOption("samples", opts.samples, 200, 1, 100_000),
  };
  const label = opts.label ?? "foundation";
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(label)) {
    console.error("--label: lower-case letters, digits and dashes only");
    process.exit(2);
  }
  const only = opts.routes?.split(",").map((p) => p.trim()).filter(Boolean);
  return { scale, config, label, only, keepDb: opts["keep-db"] === true };
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
