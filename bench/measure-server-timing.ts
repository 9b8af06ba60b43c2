// Unloaded: sequential requests to each measured route, one at a time, reading the server's own time for each
// (the Server-Timing total) beside the time the client saw.
import type { Credentials } from "./credentials.js";
import { log } from "./log.js";
import type { Config } from "./options.js";
import { percentiles } from "./percentiles.js";
import type { ServerTimingResult, Measuring } from "./results.js";
import { methodOf, requestBody, requestHeaders, type Route, type Variant } from "./routes.js";

/** Sequential sampling of one route stops after config.sampleSeconds once it has MIN_SAMPLES per URL (a slow
 *  route would otherwise take minutes at --samples); the tables show how many it got. */
const MIN_SAMPLES = 20;


/** Every measured route in turn; failed requests and answers without Server-Timing fail the run. */
export async function measureServerTiming(bench: Measuring) {
  const { base, creds, config, results } = bench;
  for (const { route, variants } of bench.measured) {
    const what = `${methodOf(route)} ${route.path}`;
    log(`server timing ${what} (${config.samples} sequential)`);
    const timing = await sampleServerTiming(base, route, variants, creds, config);
    results.serverTiming.push(timing);
    if (timing.failures > 0) results.failures.push(`${what}: ${timing.failures} of ${config.samples} sequential requests failed`);
    if (timing.missingHeader > 0) results.failures.push(`${what}: ${timing.missingHeader} responses without Server-Timing total`);
    if (timing.stoppedAfter !== undefined) results.notes.push(`${what}: sequential sampling stopped after ${timing.stoppedAfter} of ${config.samples} requests (${config.sampleSeconds} s)`);
  }
}

/** Sequential requests, one at a time: the server's own time for the request (Server-Timing total), unloaded. */
async function sampleServerTiming(base: string, route: Route, variants: Variant[], creds: Credentials, config: Config): Promise<ServerTimingResult> {
  const server: number[] = [];
  const client: number[] = [];
  const perVariant = variants.map(() => ({ server: [] as number[], client: [] as number[] }));
  let failures = 0;
  let missingHeader = 0;
  const headers = requestHeaders(route, creds, base);
  const deadline = performance.now() + config.sampleSeconds * 1000;
  let stoppedAfter: number | undefined;
  for (let i = 0; i < config.samples; i++) {
    if (i >= MIN_SAMPLES * variants.length && performance.now() > deadline) {
      stoppedAfter = i;
      break;
    }
    const k = i % variants.length;
    const started = performance.now();
    try {
      const res = await fetch(base + variants[k]!.path, { method: methodOf(route), body: requestBody(route, variants[k]!), headers, redirect: "manual", signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      client.push(ms);
      perVariant[k]!.client.push(ms);
      if (res.status < 200 || res.status > 299) failures++;
      const dur = /(?:^|,)\s*total;dur=([\d.]+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1];
      if (dur === undefined) missingHeader++;
      else {
        server.push(Number(dur));
        perVariant[k]!.server.push(Number(dur));
      }
    } catch {
      failures++;
    }
  }
  return {
    route: route.name, path: route.path, method: methodOf(route), serverMs: percentiles(server), clientMs: percentiles(client), failures, missingHeader,
    ...(stoppedAfter !== undefined ? { stoppedAfter } : {}),
    ...(variants.length > 1 ? {
      variants: variants.map((v, k) => ({ label: v.label, path: v.path, serverMs: percentiles(perVariant[k]!.server), clientMs: percentiles(perVariant[k]!.client) })),
    } : {}),
  };
}
