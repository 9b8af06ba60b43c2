// Scheduled check-ins: the practitioner asks a client to log chosen metrics before each session or every N
// days (as SimplePractice sends questionnaires before appointments); the portal home lists what is due, a
// reminder goes through the outbox, and the Metrics page lists who has not logged.
//
// The rules, for each metric of the client marked `check_in` (clients.check_in_cadence says when):
// - every N days: due when the client has no value of it (logged by anyone) in the last N days, or never
//   had one. dueSince = the newest value + N days; for a metric never logged, when it was given to the
//   client (client_metric_templates.created_at: the nearest stored "when the plan was set", and a date
//   that does not move, so the reminder's key does not either).
// - before each session: due when the client has a booking that is not canceled, in a scheduled session
//   starting within the next 48 hours, and no value of it logged since 48 hours before that session's
//   start. dueSince = the session's start − 48 h (the earliest such session, when there are several).
// - Never for an erased or archived client, nor for an archived metric.
// - The reminder: at most one email per client and due period, keyed `check_in:<client>:<session id>` or
//   `check_in:<client>:<UTC day the oldest due metric became due>`. The period lasts until the client logs,
//   so someone who never logs is reminded once, not every day. Only to clients with an email, portal
//   access and reminders on (the unsubscribe link of any reminder stops these too). It names the metrics
//   and links to the portal's metrics page. The worker plans them about once a minute, like session reminders.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { CheckInCadence, Client } from "../db/schema.js";
import { checkInEmail } from "../emails/check-in.js";
import { wholeNumber } from "../lib/fields.js";
import { DomainError } from "../lib/errors.js";
import { recordAudit } from "../queries/audit-log.js";
import {
  listClientDueCheckIns, listDueCheckInReminders, setCheckInTemplates, setClientCheckInCadence, type DueCheckInReminder,
} from "../queries/check-ins.js";
import { enqueueEmail } from "../queries/outbox.js";

export type DueCheckIn = { templateId: string; templateName: string; dueSince: Date };

/** The client's check-in metrics that are due now, the longest due first. */
export async function listDueCheckIns(db: Db, practiceId: string, clientId: string, now = new Date()): Promise<DueCheckIn[]> {
  return listClientDueCheckIns(db, practiceId, clientId, now);
}

/** Per run: the rest waits for the next minute (their keys are still unwritten, so they come again). */
const PLAN_BATCH = 500;

async function writeCheckInReminder(db: Db, appUrl: string, due: DueCheckInReminder, now: Date) {
  // The unsubscribe link names this very email, so its id is chosen before the message is rendered.
  const id = randomUUID();
  const { subject, message } = checkInEmail({
    practiceName: due.practiceName, clientFirstName: due.clientFirstName, metrics: due.metrics, timezone: due.timezone,
    sessionStart: due.sessionStart, logUrl: `${appUrl}/portal/metrics`, unsubscribeUrl: `${appUrl}/email/unsubscribe/${id}`,
  });
  return enqueueEmail(db, due.practiceId, {
    id, kind: "check_in", to: due.email, subject, message, sendAt: now, dedupeKey: due.dedupeKey, clientId: due.clientId, sessionId: due.sessionId,
  });
}

/**
 * Writes the check-in reminders that have come due; returns how many. One query finds them (those whose
 * key is written are left out); safe in several processes at once, since a second insert of a key is ignored.
 */
export async function planCheckInReminders(db: Db, appUrl: string, now = new Date()): Promise<number> {
  let written = 0;
  for (const due of await listDueCheckInReminders(db, now, PLAN_BATCH)) {
    if (await writeCheckInReminder(db, appUrl, due, now)) written++;
  }
  return written;
}

// ---- The staff form on the client page.

const cadenceChoice = z.enum(["off", "before_session", "every_days"], { error: "Choose when to ask: off, before each session, or every few days." });
const everyDays = z.unknown().refine((v) => typeof v === "string" && v.trim() !== "", "Enter every how many days, from 1 to 365.")
  .pipe(wholeNumber("The number of days", 1, 365));

/** The form as posted: a cadence, N (read only for "every N days"), and the ticked metrics (read apart: a list). */
export const checkInForm = z.object({ cadence: cadenceChoice, everyDays: z.unknown() }).transform((form, ctx) => {
  if (form.cadence !== "every_days") return { cadence: form.cadence === "off" ? null : ("before_session" as CheckInCadence), everyDays: null };
  const days = everyDays.safeParse(form.everyDays);
  if (days.success) return { cadence: "every_days" as CheckInCadence, everyDays: days.data };
  ctx.addIssue({ code: "custom", path: ["everyDays"], message: days.error.issues[0]!.message });
  return z.NEVER;
});
export type CheckInPlan = z.output<typeof checkInForm> & { templateIds: string[] };

/**
 * Saves the client's check-in: the cadence and exactly which of their tracked metrics are in it. Asking
 * for a check-in of nothing is refused (it would never be due); turning it off keeps the ticks for next time.
 */
export async function setCheckInPlan(db: Db, practiceId: string, actorUserId: string, client: Client, plan: CheckInPlan) {
  return db.transaction(async (tx) => {
    const rows = await setCheckInTemplates(tx, practiceId, client.id, plan.templateIds);
    const metrics = rows.filter((r) => r.checkIn).map((r) => r.templateId);
    if (plan.cadence && !metrics.length) {
      throw new DomainError("validation_failed", "Tick at least one metric to ask for.", { templateIds: "Tick at least one metric to ask for." });
    }
    const updated = (await setClientCheckInCadence(tx, practiceId, client.id, plan.cadence, plan.everyDays))!;
    await recordAudit(tx, practiceId, {
      actorUserId, action: "check_in_plan", entity: "client", entityId: client.id,
      diff: { cadence: [client.checkInCadence, updated.checkInCadence], everyDays: [client.checkInEveryDays, updated.checkInEveryDays], metrics },
    });
    return updated;
  });
}
