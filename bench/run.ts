// `npm run bench`: the budgets of docs/architecture.md (Budgets), measured against the real server on PostgreSQL.
//
//   1. creates (drops first) the database practice_bench on the server of DATABASE_URL
//      (default postgres://postgres@127.0.0.1:5432/test, used only as the admin connection), migrates and
//      seeds it at scale (bench/database.ts, bench/seed/);
//   2. starts src/index.ts as a child process on it (bench/server-process.ts), logs in over the JSON API and the
//      HTML form (bench/credentials.ts);
//   3. loads each route with autocannon (bench/measure-load.ts), samples Server-Timing sequentially
//      (bench/measure-server-timing.ts), weighs first loads (bench/measure-page-weight.ts), the client search
//      fragment, the calendar week fragments, the check-in answer, the program page (counting its attendance
//      grid) and the metric charts and cards (counting the points of each series) (bench/measure-*.ts), reads RSS.
//      Routes with several URLs (searches, client pages, weeks, check-ins, chart ranges) cycle through them
//      (bench/routes.ts); Then, with no load running, Chromium on a throttled connection: cold loads of the
//      calendar and check-in clicks on /today (bench/measure-throttled.ts, bench/throttled.ts; skipped with a note
//      when /usr/bin/chromium is missing); then fairness, timed as the client sees it: the home while another
//      practice books 1,000-place series from 6 clients (bench/measure-fairness.ts), and /healthz during a flood of
//      wrong-password logins (bench/measure-login-flood.ts, last: it leaves this address locked out of logging in);
//   4. writes bench/results/<date>-<label>.json and bench/results/latest.json (bench/results.ts), prints a summary
//      (bench/summary.ts), and exits non-zero when a request failed or an enforced budget (bench/budgets.ts) is
//      exceeded.
//
// --quick (CI, under two minutes on two cores): a scaled-down seed (20 practices; 1,000 clients, 10,000 sessions,
// 100,000 metric points in the bench practice) and fewer iterations (bench/options.ts), in practice_bench_quick;
// every enforced budget must be measured and is judged at its limit x 1.5; writes only
// bench/results/quick-latest.json (not committed).
//
// Options: --practices N (200)  --clients N (5000, in the bench practice)  --sessions N (100000, in the bench practice)
//          --metrics N (1000000 points in the bench practice, a fifth of them in one client's Pain level series)
//          --duration S (3)  --warmup S (1)  --connections N (10)  --samples N (200; a route stops after 4 s, 2 with --quick,
//          once it has MIN_SAMPLES)  --label NAME (foundation)
//          --routes /,/healthz (only these of the measured routes, by the path shown; e.g. /clients?q=*,/clients/:id,
//          /calendar?view=week&date=*,/sessions/:id/attendees/:clientId/check-in,/programs/:id,/clients/:id#programs,
//          /clients/:id/metrics/:templateId?range=1y,/clients/:id#metrics,/clients/:id/metrics)
//          --keep-db (leave practice_bench in place for inspection; it is dropped at the next run anyway)  --quick
import { execFileSync } from "node:child_process";
import { projectRoot } from "../src/paths.js";
import { judgeBudgets } from "./budgets.js";
import { logIn } from "./credentials.js";
import { benchDatabaseName, databaseUrls, dropBenchDatabase, prepareDatabase, recreateBenchDatabase, redact } from "./database.js";
import { log } from "./log.js";
import { measureCalendarFragments, measureCheckIns } from "./measure-calendar.js";
import { measureSearchFragments } from "./measure-clients.js";
import { measureNoisyNeighbour } from "./measure-fairness.js";
import { measureLoad } from "./measure-load.js";
import { measureLoginFlood } from "./measure-login-flood.js";
import { measureMetricResponses } from "./measure-metrics.js";
import { measureFirstLoads } from "./measure-page-weight.js";
import { measureProgramGrid } from "./measure-programs.js";
import { measureServerTiming } from "./measure-server-timing.js";
import { measureThrottledBrowser } from "./measure-throttled.js";
import { QUICK_MARGIN, readOptions } from "./options.js";
import { datedResultFile, newResults, writeResultFiles, type Measuring, type Results } from "./results.js";
import { routesToMeasure, selectRoutes } from "./routes.js";
import type { Fixtures } from "./seed/fixtures.js";
import { readMemory, startServer, type ServerProcess } from "./server-process.js";
import { printSummary } from "./summary.js";

const { scale, config, label, only, keepDb, quick } = readOptions();
const routes = selectRoutes(only);
const benchDb = benchDatabaseName(quick);

async function main(): Promise<number> {
  const wallStart = performance.now();
  const { adminUrl, benchUrl } = databaseUrls(benchDb);
  const results = newResults({ label, scale, config, routes: routes.map((r) => r.path), database: redact(benchUrl) });

  log(`admin connection ${redact(adminUrl)}; (re)creating ${benchDb}`);
  const { postgresVersion } = await recreateBenchDatabase(adminUrl, benchDb);
  if (!keepDb) dropDatabaseOnSignal(adminUrl);
  results.machine.postgres = postgresVersion;
  let server: ServerProcess | undefined;
  try {
    const fixtures = await seed(benchUrl, results);
    server = await startBuiltServer(benchUrl);
    await measure(server, fixtures, benchUrl, results);
  } catch (error) {
    results.failures.push(`run aborted: ${(error as Error).message}`);
    if (server) results.notes.push(`server output tail:\n${server.outputTail().join("\n")}`);
  } finally {
    if (server) {
      results.memory.final ??= readMemory(server.pid);
      await server.stop();
    }
    if (!keepDb) {
      await dropBenchDatabase(adminUrl, benchDb).catch((error) => results.notes.push(`could not drop ${benchDb}: ${(error as Error).message}`));
    }
  }

  results.ok = results.failures.length === 0;
  results.finishedAt = new Date().toISOString();
  results.wallSeconds = Math.round((performance.now() - wallStart) / 100) / 10;

  if (server) {
    // Only runs that got as far as measuring leave a results file; a missing PostgreSQL does not.
    // latest.json is the last full run: a --routes run looks into one thing and must not replace it, and a
    // --quick run's figures are not comparable with it.
    writeResultFiles(results, quick ? ["quick-latest.json"] : only ? [datedResultFile(results)] : [datedResultFile(results), "latest.json"]);
  }
  printSummary(results);
  return results.ok ? 0 : 1;
}

async function seed(benchUrl: string, results: Results): Promise<Fixtures> {
  log(`migrating and seeding ${scale.practices} practices`);
  const prepared = await prepareDatabase(benchUrl, scale);
  results.seed = prepared.seed;
  results.fixtures = prepared.fixtures;
  log(`seeded in ${results.seed.totalMs} ms; building and starting the server`);
  return prepared.fixtures;
}

/** The server as production runs it: `npm run build`, then `npm run serve`'s command (server-process.ts). */
async function startBuiltServer(benchUrl: string): Promise<ServerProcess> {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: projectRoot, stdio: "inherit" });
  const server = await startServer({ cwd: projectRoot, databaseUrl: benchUrl });
  log(`server pid ${server.pid} at ${server.url}`);
  return server;
}

/** Every measurement in turn, then the budgets. */
async function measure(server: ServerProcess, fixtures: Fixtures, benchUrl: string, results: Results) {
  const base = server.url;
  const creds = await logIn(base);
  const measured = await routesToMeasure(base, routes, fixtures, creds, results.notes, scale);
  results.memory.idle = readMemory(server.pid);
  const bench: Measuring = { base, pid: server.pid, creds, measured, fixtures, scale, config, results };
  await measureLoad(bench);
  results.memory.afterLoad = readMemory(server.pid);
  await measureServerTiming(bench);
  await measureSearchFragments(bench);
  await measureCalendarFragments(bench);
  await measureProgramGrid(bench);
  await measureCheckIns(bench);
  await measureMetricResponses(bench);
  await measureFirstLoads(bench, benchUrl);
  await measureThrottledBrowser(bench, benchUrl);
  await measureNoisyNeighbour(bench);
  // Last: after the flood this address may not log in for 15 minutes.
  await measureLoginFlood(bench);

  results.memory.final = readMemory(server.pid);
  results.serverStderr = server.stderrLines();
  if (results.serverStderr.length) results.notes.push(`the server wrote ${results.serverStderr.length} line(s) to stderr during the run (see serverStderr in the JSON)`);
  judgeBudgets(results, quick ? { margin: QUICK_MARGIN, everyBudget: !only } : {});
}

/** Interrupted (Ctrl-C, CI's timeout), the run still drops its database; the server is killed on exit
 *  (server-process.ts, which leaves exiting to this handler). */
function dropDatabaseOnSignal(adminUrl: string) {
  let dropping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // `on`, not `once`: server-process.ts counts the listeners to know that someone else will exit.
    process.on(signal, () => {
      if (dropping) return;
      dropping = true;
      log(`${signal}: dropping ${benchDb}`);
      const giveUp = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      void Promise.race([dropBenchDatabase(adminUrl, benchDb).catch(() => {}), giveUp]).then(() => process.exit(130));
    });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[bench] ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
