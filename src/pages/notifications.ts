// The Notifications sections of the session page and the client page: what was (or will be) sent, and
// for a session, the reminders still to come or why one will not be.
import type { Db } from "../db/client.js";
import type { CalendarSession, Client, Practice } from "../db/schema.js";
import { plannedReminders, type PlannedReminder } from "../domain/reminders.js";
import { listOutboxEmails } from "../queries/outbox.js";
import { existingDedupeKeys, listReminderRecipients, reminderKey } from "../queries/reminders.js";

/** The log is a recent history, not an archive: newest first, this many. */
export const LOG_LIMIT = 20;

export type NotificationLogRow = Awaited<ReturnType<typeof listOutboxEmails>>[number];
export type SessionNotifications = { log: NotificationLogRow[]; planned: PlannedReminder[] };
export type ClientNotifications = { clientId: string; remindersOffAt: Date | null; hasEmail: boolean; log: NotificationLogRow[] };

export async function loadSessionNotifications(db: Db, practice: Practice, session: CalendarSession, now = new Date()): Promise<SessionNotifications> {
  const [log, recipients] = await Promise.all([
    listOutboxEmails(db, practice.id, { sessionId: session.id, limit: LOG_LIMIT }),
    listReminderRecipients(db, practice.id, session.id),
  ]);
  const offsets = practice.reminderOffsetsMinutes;
  const written = await existingDedupeKeys(db, practice.id, recipients.flatMap((r) => offsets.map((o) => reminderKey(r.attendeeId, o, session.startTime))));
  return { log, planned: plannedReminders(session, offsets, recipients, written, now) };
}

export async function loadClientNotifications(db: Db, practiceId: string, client: Client): Promise<ClientNotifications> {
  const log = await listOutboxEmails(db, practiceId, { clientId: client.id, limit: LOG_LIMIT });
  return { clientId: client.id, remindersOffAt: client.remindersOffAt, hasEmail: !!client.email, log };
}
