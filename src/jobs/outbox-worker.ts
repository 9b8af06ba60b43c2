// Delivers the outbox. Every app process runs one; they need no coordination: a row is claimed with
// FOR UPDATE SKIP LOCKED and a lease (src/queries/outbox.ts), sent with its id as Resend's idempotency
// key, and marked sent only when the provider accepted it. A worker that dies between claim and mark
// leaves the row `sending` until its lease runs out; the next claimer sends it again under the same key,
// so the provider delivers it once. Mail never goes out inside a request: a provider outage slows
// nothing but the mail (EA#909).
import type { Db } from "../db/client.js";
import type { OutboxRow } from "../db/schema.js";
import { planCheckInReminders } from "../domain/check-ins.js";
import { planDueReminders } from "../domain/reminders.js";
import type { EmailSender } from "../lib/email-delivery.js";
import { claimDueEmails, markEmailFailed, markEmailSent } from "../queries/outbox.js";

export type DeliveryOptions = {
  /** Rows one pass claims. */
  batchSize: number;
  /** How long a claim holds a row before another worker may take it: well over the send timeout. */
  leaseMs: number;
  /** After this many attempts a failing email is `dead` and waits on the Email page for a person. */
  maxAttempts: number;
  /** First retry delay; doubled per attempt up to `maxDelayMs`, each drawn at random from its upper half. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Emails in flight at once within a pass. */
  concurrency: number;
  random: () => number;
};

export const deliveryDefaults: DeliveryOptions = {
  batchSize: 25, leaseMs: 2 * 60_000, maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000, concurrency: 4, random: Math.random,
};

/**
 * Exponential backoff with jitter: 30 s, 1 min, 2 min … at most an hour, each between half and all of
 * that, so a burst of failures (a provider outage) does not come back as one burst.
 */
export function retryDelayMs(attempt: number, options: Pick<DeliveryOptions, "baseDelayMs" | "maxDelayMs" | "random">) {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

export type PassResult = { claimed: number; sent: number; retrying: number; dead: number };

async function deliverOne(db: Db, sender: EmailSender, row: OutboxRow, options: DeliveryOptions, now: Date, result: PassResult) {
  const delivery = await sender.send({ id: row.id, to: row.toAddress, subject: row.subject, message: row.payload });
  if (delivery.accepted) {
    if (await markEmailSent(db, row.id, row.attempts, delivery.providerId)) result.sent++;
    return;
  }
  const giveUp = !delivery.retryable || row.attempts >= options.maxAttempts;
  const retryAt = giveUp ? null : new Date(now.getTime() + retryDelayMs(row.attempts, options));
  const error = `Attempt ${row.attempts}: ${delivery.error}`;
  if (await markEmailFailed(db, row.id, row.attempts, error, retryAt)) result[giveUp ? "dead" : "retrying"]++;
}

/** One pass: claim what is due, send it, write down what happened. */
export async function deliverDueEmails(db: Db, sender: EmailSender, overrides: Partial<DeliveryOptions> = {}, now = new Date()): Promise<PassResult> {
  const options = { ...deliveryDefaults, ...overrides };
  const rows = await claimDueEmails(db, options.batchSize, options.leaseMs, now);
  const result: PassResult = { claimed: rows.length, sent: 0, retrying: 0, dead: 0 };
  const queue = [...rows];
  const lanes = Array.from({ length: Math.min(options.concurrency, queue.length) }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) await deliverOne(db, sender, row, options, now, result);
  });
  await Promise.all(lanes);
  return result;
}

/**
 * The app's every-minute hook: writes what has come due, session reminders and check-in reminders. Each
 * runs even when the other fails (a failure is still thrown, for the worker's log).
 */
export async function planDueEmails(db: Db, appUrl: string, now: Date) {
  const runs = await Promise.allSettled([planDueReminders(db, appUrl, now), planCheckInReminders(db, appUrl, now)]);
  const failed = runs.find((run) => run.status === "rejected");
  if (failed) throw failed.reason;
}

export type WorkerHooks = {
  /** Runs before a pass at most once a minute: the reminder scheduler writes what has come due. */
  everyMinute?: (now: Date) => Promise<unknown>;
  intervalMs?: number;
  log?: (message: string) => void;
  options?: Partial<DeliveryOptions>;
};

/** The loop in each app process: a pass every few seconds, at once again while there is a backlog. */
export function startOutboxWorker(db: Db, sender: EmailSender, hooks: WorkerHooks = {}) {
  const intervalMs = hooks.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastMinute = 0;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      const now = new Date();
      if (hooks.everyMinute && now.getTime() - lastMinute >= 60_000) {
        lastMinute = now.getTime();
        await hooks.everyMinute(now);
      }
      let result: PassResult;
      do result = await deliverDueEmails(db, sender, hooks.options, new Date());
      while (!stopped && result.claimed === (hooks.options?.batchSize ?? deliveryDefaults.batchSize));
    } catch (error) {
      (hooks.log ?? console.error)(`Outbox worker: ${(error as Error).message}`);
    }
    if (!stopped) {
      timer = setTimeout(() => { running = pass(); }, intervalMs);
      timer.unref();
    }
  };
  running = pass();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
