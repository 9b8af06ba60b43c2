// Session reminders are planned by a scheduler, not written at booking: the outbox worker calls
// planDueReminders about once a minute, and each reminder is written when its time has come, with what
// is true then (the session's current time and place, the client's current settings). So a canceled
// session sends none, a moved one is reminded at its new time, and a booking made after a reminder's time
// never gets that reminder right away (the "24 h reminder sent just after booking" of other tools).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { CalendarSession } from "../db/schema.js";
import { reminderEmail } from "../emails/reminder.js";
import type { SessionFacts } from "../emails/session-details.js";
import { recordAudit } from "../queries/audit-log.js";
import { findClient } from "../queries/clients.js";
import { cancelUnsentEmails, enqueueEmail, findOutboxEmailById } from "../queries/outbox.js";
import { findPractice } from "../queries/practices.js";
import {
  listDueReminders, listReminderOffsetsInUse, reminderKey, setClientRemindersOff, type DueReminder, type ReminderRecipient,
} from "../queries/reminders.js";

/** Per offset and run: the rest waits for the next minute (still inside the window). */
const PLAN_BATCH = 500;
const SIX_HOURS = 6 * 3_600_000;

/**
 * How late a reminder may still go: half its offset, at most six hours. After downtime a 24 h reminder
 * goes out up to six hours late, never two hours before the session it was meant to announce a day ahead.
 */
export const staleAfterMs = (offsetMinutes: number) => Math.min(offsetMinutes * 30_000, SIX_HOURS);

const labelOf = (r: { serviceName: string | null; title: string | null }) => r.serviceName ?? r.title ?? "Session";

export const sessionFactsOf = (r: {
  sessionId: string; serviceName: string | null; title: string | null; start: Date; end: Date; location: string | null; practitionerName: string; updatedAt: Date;
}, timezone: string): SessionFacts => ({
  sessionId: r.sessionId, label: labelOf(r), start: r.start, end: r.end, location: r.location, practitionerName: r.practitionerName, timezone, updatedAt: r.updatedAt,
});

async function writeReminder(db: Db, appUrl: string, r: DueReminder, now: Date) {
  // The unsubscribe link names this very email, so its id is chosen before the message is rendered.
  const id = randomUUID();
  const { subject, message } = reminderEmail({
    practiceName: r.practiceName, clientFirstName: r.clientFirstName, session: sessionFactsOf(r, r.timezone),
    unsubscribeUrl: `${appUrl}/email/unsubscribe/${id}`,
  });
  return enqueueEmail(db, r.practiceId, {
    id, kind: "reminder", to: r.email, subject, message, sendAt: now,
    dedupeKey: reminderKey(r.attendeeId, r.offsetMinutes, r.start), clientId: r.clientId, sessionId: r.sessionId,
  });
}

/**
 * Writes every reminder whose time has come; returns how many. Safe in several processes at once: a
 * reminder's dedupe key is unique, so a second writer's insert is ignored.
 */
export async function planDueReminders(db: Db, appUrl: string, now = new Date()): Promise<number> {
  let written = 0;
  for (const offset of await listReminderOffsetsInUse(db)) {
    for (const due of await listDueReminders(db, offset, staleAfterMs(offset), now, PLAN_BATCH)) {
      if (await writeReminder(db, appUrl, due, now)) written++;
    }
  }
  return written;
}

export type PlannedReminder = {
  clientName: string; offsetMinutes: number; at: Date;
  /** planned: will be written at `at`; the others say why it will not be. */
  state: "planned" | "due" | "booked_late" | "reminders_off" | "no_email" | "missed";
};

/**
 * The reminders of a session not written yet, and those that will not be, with why: for the session's
 * Notifications section. Written ones are in the log instead (their keys are in `written`).
 */
export function plannedReminders(session: CalendarSession, offsets: number[], recipients: ReminderRecipient[], written: Set<string>, now = new Date()): PlannedReminder[] {
  if (session.status !== "scheduled" || session.startTime <= now) return [];
  return recipients.flatMap((r) => offsets.filter((offset) => !written.has(reminderKey(r.attendeeId, offset, session.startTime))).map((offsetMinutes) => {
    const at = new Date(session.startTime.getTime() - offsetMinutes * 60_000);
    const state: PlannedReminder["state"] = !r.email || r.erasedAt ? "no_email" : r.remindersOffAt ? "reminders_off"
      : r.bookedAt >= at ? "booked_late" : at > now ? "planned" : now.getTime() - at.getTime() <= staleAfterMs(offsetMinutes) ? "due" : "missed";
    return { clientName: r.clientName, offsetMinutes, at, state };
  })).sort((a, b) => a.at.getTime() - b.at.getTime());
}

// ---- Unsubscribe: the link in a reminder names its email; the email names its practice and client.

/** Who an unsubscribe link is for, or null for an id that names no reminder to a client. */
export async function findUnsubscribe(db: Db, emailId: string) {
  const email = await findOutboxEmailById(db, emailId);
  if (!email?.practiceId || !email.clientId) return null;
  const [practice, client] = await Promise.all([findPractice(db, email.practiceId), findClient(db, email.practiceId, email.clientId)]);
  if (!practice || !client || client.erasedAt) return null;
  return { practice, client };
}

/** The client pressed the link (or their mail app's button): no more reminders, and the unsent ones are dropped. */
export async function unsubscribeFromReminders(db: Db, emailId: string, now = new Date()) {
  const found = await findUnsubscribe(db, emailId);
  if (!found) return null;
  const { practice, client } = found;
  return db.transaction(async (tx) => {
    const updated = (await setClientRemindersOff(tx, practice.id, client.id, now))!;
    await cancelUnsentEmails(tx, practice.id, { clientId: client.id, kinds: ["reminder"] });
    if (!client.remindersOffAt) await recordAudit(tx, practice.id, { actorUserId: null, action: "reminders_off", entity: "client", entityId: client.id, diff: { by: "client" } });
    return { practice, client: updated };
  });
}

/** The client page's switch: "on" after the client asked to have reminders again, "off" when they asked to stop. */
export const remindersForm = z.object({ reminders: z.enum(["on", "off"], { error: "Choose whether reminders are on or off." }) });

/** Staff turn a client's reminders back on (they asked to have them again) or off. */
export async function setClientReminders(db: Db, practiceId: string, actorUserId: string, clientId: string, on: boolean, now = new Date()) {
  return db.transaction(async (tx) => {
    const client = await setClientRemindersOff(tx, practiceId, clientId, on ? null : now);
    if (!client) return null;
    if (!on) await cancelUnsentEmails(tx, practiceId, { clientId, kinds: ["reminder"] });
    await recordAudit(tx, practiceId, { actorUserId, action: on ? "reminders_on" : "reminders_off", entity: "client", entityId: clientId });
    return client;
  });
}
