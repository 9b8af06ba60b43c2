import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { demoClientLogin, demoLogin, isEmptyDatabase, seedDemoPractice } from "./demo/seed.js";
import { readEnv } from "./env.js";
import { startScheduledJobs } from "./jobs/daily.js";
import { planDueEmails, startOutboxWorker } from "./jobs/outbox-worker.js";
import { devMailboxSender, resendSender } from "./lib/email-delivery.js";

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
// Mail goes through Resend with a key, to /dev/mailbox without one; in production without a key it waits
// in the outbox (the Email page in Settings says so) and goes out once a key is set.
const sender = env.email ? resendSender(env.email) : env.devMailbox ? devMailboxSender : null;
const stopMail = sender
  ? startOutboxWorker(database.db, sender, { everyMinute: (now) => planDueEmails(database.db, env.appUrl, now) })
  : async () => {};
if (!sender) console.warn("Email is not configured (RESEND_API_KEY): emails wait in the outbox until it is.");
const server = serve({ fetch: app.fetch, port: env.port }, (info: AddressInfo) => {
  const url = env.port === 0 ? `http://localhost:${info.port}` : env.appUrl;
  // PORT=0 (tests) picks a free port only now: links the app writes (pay links, Stripe's return pages) follow it.
  if (env.port === 0 && !process.env.APP_URL) env.appUrl = url;
  console.log(`Practice is running at ${url} (database: ${database.kind})`);
  if (env.nodeEnv !== "production") {
    console.log(`Demo login: ${demoLogin.email} / ${demoLogin.password}`);
    console.log(`Demo client portal login: ${demoClientLogin.email} / ${demoClientLogin.password}`);
  }
});

// PGlite writes its files on close: stop cleanly so the embedded database is never left half-written.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stopJobs();
    server.close();
    stopMail().finally(() => database.close()).finally(() => process.exit(0));
  });
}
