// Noisy neighbour: while another seeded practice books the largest series one request may hold (50 weekly
// sessions x 20 clients = 1,000 places, MAX_PLACES_PER_REQUEST) from several parallel clients in a loop, the
// bench practice's home (its calendar week) is fetched sequentially and timed as the client sees it (wall time
// of fetch, not Server-Timing). The server's per-practice share of the pool for write transactions
// (src/request-transaction.ts, src/lib/fair-share.ts) and its statement timeout are what keep it quick.
import { logIn, type Credentials } from "./credentials.js";
import { log } from "./log.js";
import { percentiles } from "./percentiles.js";
import { timedGet } from "./wall-time.js";
import type { Measuring, NoisyNeighbourResult } from "./results.js";
import { benchLogin } from "./seed/accounts.js";

/** Practice 2's owner (bench/seed/accounts.ts: every seeded owner shares the bench password). */
const neighbourLogin = { email: "owner-00002@bench.test", password: benchLogin.password };
const PARALLEL = 6;
const SESSIONS_PER_SERIES = 50;
const CLIENTS_PER_SERIES = 20;
const HOME_SAMPLES = 60;
const SERVICE_NAME = "Noisy neighbour class";
const BASELINE_SAMPLES = 20;
/** The neighbour's loop runs this long before the home is sampled, so every worker is well into a booking; and
 *  a pause between samples spreads the 60 over more of a booking's life (one takes tens of seconds on 2 cores). */
const WARMUP_MS = 3000;
const PAUSE_MS = 100;

type Neighbour = { creds: Credentials; practitionerId: string; serviceId: string; clientIds: string[] };

/** When home was measured and the seed has a second practice: the home's p95 while the neighbour writes. */
export async function measureNoisyNeighbour(bench: Measuring) {
  const { base, creds, results } = bench;
  if (!bench.measured.some((m) => m.route.path === "/")) return;
  if (bench.scale.practices < 2) {
    results.notes.push("noisy neighbour not measured: the seed has no second practice (--practices 1)");
    return;
  }
  log(`noisy neighbour: ${neighbourLogin.email} books ${SESSIONS_PER_SERIES} x ${CLIENTS_PER_SERIES} series from ${PARALLEL} clients; ${HOME_SAMPLES} sequential GET / meanwhile`);
  const neighbour = await prepareNeighbour(base);
  const baseline = await sampleHome(base, creds.cookie, BASELINE_SAMPLES);
  const loop = startBookingLoop(base, neighbour);
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const home = await sampleHome(base, creds.cookie, HOME_SAMPLES, { inFlightNow: loop.inFlight, pauseMs: PAUSE_MS });
  const writes = await loop.stop();
  results.noisyNeighbour = {
    neighbour: neighbourLogin.email, clientsPerRequest: CLIENTS_PER_SERIES, sessionsPerRequest: SESSIONS_PER_SERIES, parallel: PARALLEL,
    baselineMs: percentiles(baseline.ms), underLoadMs: percentiles(home.ms), homeFailures: home.failures,
    bookingsInFlight: { min: Math.min(...home.inFlight), max: Math.max(...home.inFlight) }, writes,
  };
  if (home.failures) results.failures.push(`noisy neighbour: ${home.failures} of ${HOME_SAMPLES} GET / failed while the neighbour wrote`);
  if (Math.min(...home.inFlight) === 0) results.failures.push(`noisy neighbour: some GET / were sampled with none of the neighbour's bookings in flight`);
  if (!writes.statuses["303"]) results.failures.push(`noisy neighbour: none of the neighbour's bookings succeeded (${JSON.stringify(writes.statuses)}), so nothing was measured`);
}

/** The neighbour's owner logged in, its practitioner id, and a service and CLIENTS_PER_SERIES clients of the bench's own. */
async function prepareNeighbour(base: string): Promise<Neighbour> {
  const creds = await logIn(base, neighbourLogin);
  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${creds.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200 && res.status !== 201) throw new Error(`noisy neighbour: ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const me = await api<{ user: { id: string } }>("/api/user/me");
  // A class of its own: no client holds a package for it, so every place books (a seeded service may want credits).
  const { services } = await api<{ services: { id: string; name: string }[] }>("/api/services");
  const service = services.find((s) => s.name === SERVICE_NAME)
    ?? (await api<{ service: { id: string } }>("/api/services", { name: SERVICE_NAME, durationMinutes: 60, priceCents: 1500, capacity: CLIENTS_PER_SERIES })).service;
  // New clients: a seeded one may hold a package for any service with no credits left, which refuses the booking (409).
  const clientIds: string[] = [];
  for (let i = 0; i < CLIENTS_PER_SERIES; i++) {
    const { client } = await api<{ client: { id: string } }>("/api/clients", { firstName: "Noisy", lastName: `Neighbour ${i + 1}` });
    clientIds.push(client.id);
  }
  return { creds, practitionerId: me.user.id, serviceId: service.id, clientIds };
}

/** Sequential GET / with the bench practice's cookie (pauseMs apart), each timed from fetch to the last byte, and the bookings in flight as it starts. */
async function sampleHome(base: string, cookie: string, n: number, { inFlightNow = (): number => 0, pauseMs = 0 } = {}) {
  const ms: number[] = [];
  const inFlight: number[] = [];
  let failures = 0;
  for (let i = 0; i < n; i++) {
    if (i && pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    inFlight.push(inFlightNow());
    const answer = await timedGet(`${base}/`, { Cookie: cookie });
    if (answer) ms.push(answer.ms);
    if (!answer?.ok) failures++;
  }
  return { ms, failures, inFlight };
}

/**
 * The k-th booking's first session: a free two-hour slot of its own (weekday x hour, 56 a year from 2030 on),
 * so the neighbour's series never clash with each other and each one books all its places.
 */
function slotStart(k: number) {
  const year = 2030 + Math.floor(k / 56);
  const day = 1 + (k % 7);
  const hour = 6 + 2 * Math.floor((k % 56) / 7);
  return `${year}-01-0${day}T${String(hour).padStart(2, "0")}:00`;
}

/** The session form as the page posts it: a weekly series with the clients ticked, clashes skipped. */
function seriesForm(n: Neighbour, k: number) {
  const form = new URLSearchParams({
    serviceId: n.serviceId, practitionerId: n.practitionerId, start: slotStart(k), capacity: String(CLIENTS_PER_SERIES),
    repeat: "on", repeatEvery: "1", repeatEnds: "count", repeatCount: String(SESSIONS_PER_SERIES), onClash: "skip",
  });
  for (const id of n.clientIds) form.append("clientIds", id);
  return form.toString();
}

/** PARALLEL clients posting series in a loop until stopped; stop() waits for the bookings in flight, then tells
 *  their statuses, wall times and rate (answers per second from the loop's start to its last answer). */
function startBookingLoop(base: string, n: Neighbour) {
  const statuses: Record<string, number> = {};
  const ms: number[] = [];
  let errors = 0;
  let next = 0;
  let inFlight = 0;
  let stopping = false;
  const started = performance.now();
  const headers = { Cookie: n.creds.cookie, Origin: new URL(base).origin, "Content-Type": "application/x-www-form-urlencoded" };
  const worker = async () => {
    while (!stopping) {
      const sent = performance.now();
      inFlight++;
      try {
        const res = await fetch(`${base}/sessions`, { method: "POST", headers, body: seriesForm(n, next++), redirect: "manual", signal: AbortSignal.timeout(120_000) });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        ms.push(performance.now() - sent);
      } catch {
        errors++;
      } finally {
        inFlight--;
      }
    }
  };
  const workers = Array.from({ length: PARALLEL }, worker);
  return {
    inFlight: () => inFlight,
    stop: async () => {
      stopping = true;
      await Promise.all(workers);
      const seconds = (performance.now() - started) / 1000;
      const requests = ms.length + errors;
      return { requests, seconds: Math.round(seconds * 10) / 10, requestsPerSecond: Math.round((requests / seconds) * 100) / 100, statuses, errors, latencyMs: percentiles(ms) };
    },
  };
}
