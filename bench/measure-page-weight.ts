// First loads of the logged-in home, of the client portal's home and of /login as a browser with an empty cache
// makes them (page-weight.ts), and what /favicon.ico answers.
import postgres from "postgres";
import { logIn } from "./credentials.js";
import { benchLogin } from "./seed/accounts.js";
import { log } from "./log.js";
import { measurePageWeight, rawGet } from "./page-weight.js";
import type { Measuring } from "./results.js";

/**
 * A portal login for the bench practice's busiest client (most bookings), made here rather than in the seed:
 * the same password hash as the bench owner, so it logs in with the bench password.
 */
const portalLogin = { email: "client@bench.test", password: benchLogin.password };

async function linkBenchPortalClient(benchUrl: string) {
  const sql = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into users (id, email, password_hash, full_name)
      select md5('bench-portal-user')::uuid, ${portalLogin.email}, password_hash, 'Bench Client' from users where email = ${benchLogin.email}
      on conflict do nothing`;
    await sql`
      update clients set portal_user_id = md5('bench-portal-user')::uuid
      where practice_id = md5('bench-practice:1')::uuid and id = coalesce(
        (select client_id from session_attendees where practice_id = md5('bench-practice:1')::uuid
         group by client_id order by count(*) desc, client_id limit 1),
        (select id from clients where practice_id = md5('bench-practice:1')::uuid order by id limit 1))`;
  } finally {
    await sql.end();
  }
}

export async function measureFirstLoads(bench: Measuring, benchUrl: string) {
  const { base, creds, results } = bench;
  log("page weight of first loads");
  results.pageWeight.home = await measurePageWeight(`${base}/`, { Cookie: creds.cookie });
  results.pageWeight.login = await measurePageWeight(`${base}/login`);
  await linkBenchPortalClient(benchUrl);
  const client = await logIn(base, portalLogin);
  results.pageWeight.portalHome = await measurePageWeight(`${base}/portal`, { Cookie: client.cookie });
  for (const w of [results.pageWeight.home, results.pageWeight.login, results.pageWeight.portalHome]) {
    for (const p of w.problems) results.failures.push(`first load of ${w.page}: ${p}`);
  }
  // Browsers ask for /favicon.ico on every cold load when the page names no icon: note what it costs.
  const favicon = await rawGet(`${base}/favicon.ico`, { Cookie: creds.cookie });
  results.pageWeight.favicon = { status: favicon.status, bytes: favicon.bytes, contentType: favicon.contentType };
  const namesIcon = results.pageWeight.home.resources.some((x) => x.kind === "icon");
  if (!namesIcon && favicon.status !== 200) {
    results.notes.push(`no <link rel=icon>: browsers will request /favicon.ico on a cold load, which answers ${favicon.status} (${favicon.contentType || "no type"}, ${favicon.bytes} B); not counted`);
  }
}
