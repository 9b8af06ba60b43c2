// One outbox worker as its own operating-system process, for the test that runs two of them on one
// PostgreSQL (test/outbox-worker.test.ts). It says "ready", waits for "go" on stdin so both start at
// once, delivers until the outbox has stayed empty for a moment, and prints what it did as JSON.
import { createInterface } from "node:readline";
import { openPostgres } from "../src/db/client.js";
import { deliverDueEmails } from "../src/jobs/outbox-worker.js";
import { resendSender } from "../src/lib/email-delivery.js";

const database = await openPostgres(process.env.DATABASE_URL!, { max: 4 });
const sender = resendSender({ apiKey: "re_test_key", baseUrl: process.env.RESEND_BASE_URL!, from: "reminders@practice.test" });
process.stdout.write("ready\n");
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));

let sent = 0;
let passes = 0;
for (let idle = 0; idle < 5;) {
  const result = await deliverDueEmails(database.db, sender, { batchSize: 10 });
  passes++;
  sent += result.sent;
  if (result.claimed === 0) {
    idle++;
    await new Promise((r) => setTimeout(r, 20));
  } else idle = 0;
}
process.stdout.write(`${JSON.stringify({ sent, passes })}\n`);
await database.close();
