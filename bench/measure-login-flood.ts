// Login flood: wrong-password logins for a few hundred made-up emails at high concurrency (all from one address,
// as the server sees the bench), while /healthz is fetched sequentially and timed as the client sees it. Attempts
// over the login limits are refused before their password is hashed (src/domain/sign-in-limits.ts), so the flood
// must not slow everyone else down. Last of the run: afterwards this address may not log in for 15 minutes.
import { log } from "./log.js";
import { percentiles } from "./percentiles.js";
import { timedGet } from "./wall-time.js";
import type { LoginFloodResult, Measuring } from "./results.js";

const ATTEMPTS = 2100;
const EMAILS = 300;
const CONCURRENCY = 50;
/** The attempts are spread over about this long (sooner if the server cannot keep up with CONCURRENCY). */
const SPREAD_MS = 10_000;

/** When /healthz was measured: its p95 under the flood, and how the logins were answered. */
export async function measureLoginFlood(bench: Measuring) {
  const { base, results } = bench;
  if (!bench.measured.some((m) => m.route.path === "/healthz")) return;
  log(`login flood: ${ATTEMPTS} wrong-password logins for ${EMAILS} emails, ${CONCURRENCY} in flight over ~${SPREAD_MS / 1000} s; sequential GET /healthz meanwhile`);
  let flooding = true;
  const started = performance.now();
  const floodDone = flood(base).finally(() => { flooding = false; });
  const healthz = await sampleHealthz(base, () => flooding);
  const logins = await floodDone;
  const seconds = (performance.now() - started) / 1000;
  const r: LoginFloodResult = {
    attempts: ATTEMPTS, emails: EMAILS, concurrency: CONCURRENCY, seconds: Math.round(seconds * 10) / 10,
    attemptsPerSecond: Math.round(ATTEMPTS / seconds), statuses: logins.statuses, errors: logins.errors, loginMs: percentiles(logins.ms),
    healthzMs: percentiles(healthz.ms), healthzFailures: healthz.failures,
  };
  results.loginFlood = r;
  if (healthz.failures) results.failures.push(`login flood: ${healthz.failures} of ${healthz.ms.length + healthz.failures} GET /healthz failed`);
  if (!r.statuses["429"]) results.failures.push(`login flood: no attempt was refused with 429 (${JSON.stringify(r.statuses)})`);
  const unexpected = Object.keys(r.statuses).filter((s) => s !== "401" && s !== "429");
  if (unexpected.length || logins.errors) results.failures.push(`login flood: logins answered ${JSON.stringify(r.statuses)}, ${logins.errors} without an answer`);
}

/** ATTEMPTS logins, at most CONCURRENCY in flight, the i-th not sent before SPREAD_MS x i / ATTEMPTS. */
async function flood(base: string) {
  const statuses: Record<string, number> = {};
  const ms: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const emails = Array.from({ length: EMAILS }, (_, i) => `flood-${i}-${Math.random().toString(36).slice(2, 8)}@bench.test`);
  const worker = async () => {
    for (let i = next++; i < ATTEMPTS; i = next++) {
      const wait = started + (SPREAD_MS * i) / ATTEMPTS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      try {
        const res = await fetch(`${base}/api/auth/login`, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email: emails[i % EMAILS], password: `wrong-password-${i}` }),
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        ms.push(performance.now() - sent);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { statuses, ms, errors };
}

/** Sequential GET /healthz while `going()`, each timed from fetch to the last byte. */
async function sampleHealthz(base: string, going: () => boolean) {
  const ms: number[] = [];
  let failures = 0;
  while (going()) {
    const answer = await timedGet(`${base}/healthz`);
    if (answer) ms.push(answer.ms);
    if (!answer?.ok) failures++;
  }
  return { ms, failures };
}
