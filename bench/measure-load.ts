// Under load: autocannon on each measured route in turn (client-side latency), and the server's RSS after each.
import autocannon from "autocannon";
import type { Credentials } from "./credentials.js";
import { log } from "./log.js";
import type { Config } from "./options.js";
import { percentiles } from "./percentiles.js";
import type { LoadResult, Measuring } from "./results.js";
import { methodOf, requestBody, requestHeaders, type Route, type Variant } from "./routes.js";
import { readMemory } from "./server-process.js";


/** Each measured route under load in turn; non-2xx answers, errors and no answer at all fail the run. */
export async function measureLoad(bench: Measuring) {
  const { base, creds, config, results } = bench;
  for (const { route, variants } of bench.measured) {
    const what = `${methodOf(route)} ${route.path}`;
    log(`load ${what}${variants.length > 1 ? ` (${variants.length} URLs in turn)` : ""} (${config.warmupS} s warm-up + ${config.durationS} s)`);
    const load = await loadRoute(base, route, variants, creds, config);
    load.memoryAfter = readMemory(bench.pid);
    results.load.push(load);
    if (load.non2xx > 0) results.failures.push(`${what}: ${load.non2xx} non-2xx responses under load (${JSON.stringify(load.statusCodes)})`);
    if (load.errors + load.timeouts > 0) results.failures.push(`${what}: ${load.errors} errors, ${load.timeouts} timeouts under load`);
    if (load.requests === 0) results.failures.push(`${what}: no response at all under load`);
  }
}

async function loadRoute(base: string, route: Route, variants: Variant[], creds: Credentials, config: Config): Promise<LoadResult> {
  const latencies: number[] = [];
  const headers = requestHeaders(route, creds, base);
  const method = methodOf(route);
  const body = requestBody(route, variants[0]!);
  let next = 0;
  const requests = route.spread
    // One request rebuilt before each send with the next URL (and body) of a counter shared by every connection.
    ? [{ method, headers, body, path: variants[0]!.path, setupRequest: (req: Record<string, unknown>) => {
      const v = variants[next++ % variants.length]!;
      return { ...req, path: v.path, body: requestBody(route, v) };
    } }]
    // Each connection goes through the URLs in turn, and starts again (a request's headers replace the defaults).
    : variants.map((v) => ({ method, path: v.path, headers, body: requestBody(route, v) }));
  const instance = autocannon({
    url: base + variants[0]!.path,
    method,
    headers,
    body,
    requests,
    connections: config.connections,
    duration: config.durationS,
    timeout: 10,
    ...(config.warmupS > 0 ? { warmup: { connections: config.connections, duration: config.warmupS } } : {}),
    renderProgressBar: false,
    renderResultsTable: false,
    renderLatencyTable: false,
  });
  // With a warm-up, the instance returned is the measured run's: warm-up responses never reach this listener.
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (latencies.length < 5_000_000) latencies.push(ms);
  });
  const result = await instance;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    route: route.name, path: route.path, method, auth: route.auth,
    requests: latencies.length,
    requestsPerSecond: Math.round((latencies.length / result.duration) * 10) / 10,
    latencyMs: percentiles(latencies),
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes,
  };
}
