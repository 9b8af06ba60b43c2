// kill -9 in the middle of a burst of writes (bookings that use package credits, metric values with their
// daily roll-up): whatever committed is whole. Every balance equals its ledger, every roll-up equals its
// raw rows, and no booking exists without the credit it used. PostgreSQL only: the invariants are read
// from the database while the server is dead (PGlite is one process with its data).
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresUrl } from "../test-database.js";
import { startServer, type RunningServer } from "./server.js";

const onPostgres = !!postgresUrl();
let server: RunningServer;

beforeAll(async () => {
  if (onPostgres) server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function call(path: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** A practice with a client who bought 60 credits, a number metric and 60 one-minute sessions to book. */
async function aBusyPractice() {
  const email = `crash-${Date.now()}@example.test`;
  const { body: reg } = await call("/api/auth/register", { email, password: "lantern orbit cedar walk", fullName: "Casey Crash", timezone: "UTC" });
  const token: string = reg.token;
  const client = (await call("/api/clients", { firstName: "Rae", lastName: "Restart" }, token)).body.client;
  const template = (await call("/api/metric-templates", { name: "Steps", type: "number" }, token)).body.metricTemplate;
  const program = (await call("/api/programs", { name: "Sixty", type: "package", sessionsCount: 60, priceCents: 1000 }, token)).body.program;
  await call(`/api/programs/${program.id}/enrollments`, { clientId: client.id }, token);
  const start = Date.parse("2031-01-06T08:00:00Z");
  const sessions: string[] = [];
  for (let i = 0; i < 60; i++) {
    const at = new Date(start + i * 120_000);
    const made = await call("/api/sessions", { title: "Slot", practitionerId: reg.user.id, startTime: at.toISOString(), endTime: new Date(at.getTime() + 60_000).toISOString() }, token);
    sessions.push(made.body.session.id);
  }
  return { token, client, template, sessions };
}

describe.skipIf(!onPostgres)("a crash mid-burst", () => {
  test("leaves no half-done write: balances = ledgers, roll-ups = raw values, every credit booking has its ledger row", async () => {
    const { token, client, template, sessions } = await aBusyPractice();
    let done = 0;
    let enoughDone!: () => void;
    const killTime = new Promise<void>((r) => (enoughDone = r));
    const logValue = (i: number) => call(`/api/clients/${client.id}/metrics`, { templateId: template.id, value: i, recordedAt: new Date(Date.parse("2025-06-01T00:00:00Z") + (i % 5) * 86_400_000).toISOString() }, token);
    // Interleaved, so both kinds of write are in flight at the kill.
    const burst = sessions.flatMap((id, i) => [
      call(`/api/sessions/${id}/attendees`, { clientId: client.id }, token), ...[0, 1, 2, 3, 4].map((k) => logValue(i * 5 + k)),
    ]).map((p) => p.then((r) => { if (++done === 40) enoughDone(); return r; }, () => null)); // requests in flight when the server dies fail: that is the point
    // Killed with some of the burst answered and most of it in flight.
    await Promise.race([killTime, new Promise((r) => setTimeout(r, 10_000))]);
    await server.kill();
    const answered = (await Promise.all(burst)).filter((r) => r && r.status < 300).length;

    const sql = postgres(server.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      const unbalanced = await sql`
        select e.id from program_enrollments e
        left join (select enrollment_id, sum(delta)::int as total from credit_ledger group by enrollment_id) l on l.enrollment_id = e.id
        where e.sessions_remaining is not null and e.sessions_remaining <> coalesce(l.total, 0)`;
      const rollupsOff = await sql`
        with raw as (
          select practice_id, client_id, metric_template_id, (recorded_at at time zone 'UTC')::date as day, count(*)::int as n, sum(value_num)::float8 as total
          from client_metrics where value_num is not null group by 1, 2, 3, 4)
        select coalesce(raw.day, d.day) as day from raw
        full join client_metric_days d using (practice_id, client_id, metric_template_id, day)
        where raw.n is distinct from d.n or abs(coalesce(raw.total, 0) - coalesce(d.sum, 0)) > 1e-6`;
      const bookingsWithoutLedger = await sql`
        select a.id from session_attendees a
        where a.enrollment_id is not null and not exists (
          select 1 from credit_ledger l where l.enrollment_id = a.enrollment_id and l.session_id = a.session_id and l.reason = 'booking')`;
      const [landed] = await sql<{ values: number; bookings: number }[]>`
        select (select count(*)::int from client_metrics where client_id = ${client.id}) as values,
               (select count(*)::int from session_attendees where client_id = ${client.id}) as bookings`;
      console.log(`crash test: ${landed!.values} values and ${landed!.bookings} bookings committed, ${answered} answered, before the kill`);
      expect({ unbalanced, rollupsOff, bookingsWithoutLedger }).toEqual({ unbalanced: [], rollupsOff: [], bookingsWithoutLedger: [] });
      // The kill came mid-burst: some writes landed (the test would prove nothing otherwise), not necessarily all.
      expect(landed!.values + landed!.bookings).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  });
});
