import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { demoLogin, isEmptyDatabase, seedDemoPractice } from "./demo/seed.js";
import { readEnv } from "./env.js";
import { startScheduledJobs } from "./jobs/daily.js";

let env;
try {
  env = readEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const database = await openDatabase(env);
await migrateDatabase(database);

// A fresh install should show something on first start; production never gets demo data.
if (env.nodeEnv !== "production" && (await isEmptyDatabase(database.db))) {
  await seedDemoPractice(database.db);
  console.log("Created the demo practice.");
}

const app = createApp(database, env);
const stopJobs = startScheduledJobs(database.db);
const server = serve({ fetch: app.fetch, port: env.port }, (info: AddressInfo) => {
  const url = env.port === 0 ? `http://localhost:${info.port}` : env.appUrl;
  // PORT=0 (tests) picks a free port only now: links the app writes (pay links, Stripe's return pages) follow it.
  if (env.port === 0 && !process.env.APP_URL) env.appUrl = url;
  console.log(`Practice is running at ${url} (database: ${database.kind})`);
  if (env.nodeEnv !== "production") console.log(`Demo login: ${demoLogin.email} / ${demoLogin.password}`);
});

// PGlite writes its files on close: stop cleanly so the embedded database is never left half-written.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stopJobs();
    server.close();
    database.close().finally(() => process.exit(0));
  });
}
