// Follow-ups: a call, an email, a text or an admin chore for one client, due at a time, assigned to a
// member of the practice. Completing a session offers one per client who came (or adds it by itself
// when the practice says so, once per session and client however often the session is completed);
// "Time to book again" suggests one for clients who stopped coming.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { followUpTypes, type CalendarSession, type FollowUp, type FollowUpType, type Practice } from "../db/schema.js";
import { followUpEmail } from "../emails/follow-up.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { addDays, localParts, parseLocalDateTime, todayIn, zonedInstant } from "../lib/time.js";
import { findClient, findClientForUpdate } from "../queries/clients.js";
import { claimSubmission, recordSubmissionResult } from "../queries/form-submissions.js";
import {
  anyServiceRebooks, completeFollowUpRow, dismissRebook, findFollowUpView, insertFollowUp, isMember, listClientFollowUps, listRebookSuggestions,
  listSessionClients, lockFollowUp, sessionFollowUpClientIds, snoozeFollowUpRow, type FollowUpView,
} from "../queries/follow-ups.js";
import { enqueueEmail } from "../queries/outbox.js";
import { findAttendee } from "../queries/sessions.js";

export const followUpTypeLabel: Record<FollowUpType, string> = { call: "Call", email: "Email", sms: "Text message", admin: "Admin" };

/** The one schema for the follow-up form, wherever it is drawn (client page, session prompt, list). */
export const followUpForm = (timeZone: string) => z.object({
  type: z.enum(followUpTypes, { error: "Choose call, email, text message or admin." }),
  notes: z.string().trim().max(500, "Keep the notes under 500 characters.").default(""),
  due: z.string({ error: "Enter when it is due." }).transform((v, ctx) => {
    const instant = parseLocalDateTime(v, timeZone);
    if (!instant) {
      ctx.addIssue({ code: "custom", message: "Enter the due date and time, like 2026-03-15 10:00 (between 1900 and 2100)." });
      return z.NEVER;
    }
    return instant;
  }),
  assigneeId: z.string().default("").transform((v) => v.trim() || null).refine((v) => v === null || isUuid(v), "Choose someone from the list."),
  sessionId: z.string().default("").transform((v) => v.trim() || null).refine((v) => v === null || isUuid(v), "That session is not one of this client's."),
});
export type FollowUpInput = z.output<ReturnType<typeof followUpForm>>;

export const followUpEmailForm = z.object({
  subject: z.string({ error: "Enter a subject." }).trim().min(1, "Enter a subject.").max(200, "Keep the subject under 200 characters."),
  body: z.string({ error: "Write the message." }).trim().min(1, "Write the message.").max(5000, "Keep the message under 5,000 characters."),
});

export const snoozeForm = z.object({
  by: z.enum(["day", "week"], { error: "Snooze by a day or a week." }),
  seen: z.iso.datetime({ offset: true, error: "Reload the page and try again." }).transform((v) => new Date(v)),
});

/** What the practice's default looks like in words: "Check-in call, 2 days after the session". */
export const defaultFollowUpNotes = (days: number) =>
  days === 0 ? "Check-in call, the day of the session" : `Check-in call, ${days} ${days === 1 ? "day" : "days"} after the session`;

/** The practice's default due time: N days after the session's day, at the time it ended. */
export function defaultFollowUpDue(practice: Practice, session: CalendarSession) {
  const end = localParts(session.endTime, practice.timezone);
  return zonedInstant(addDays(end.date, practice.followUpDefaultDays), end.time, practice.timezone);
}

/** Where a follow-up's instants fall in the practice's day: before today, today, or later. */
export function dueBucket(dueAt: Date, timeZone: string, now = new Date()): "overdue" | "today" | "upcoming" {
  const date = localParts(dueAt, timeZone).date;
  const today = todayIn(timeZone, now);
  return date < today ? "overdue" : date === today ? "today" : "upcoming";
}

/** The end of today in the practice's zone: what the nav badge counts up to. */
export const endOfToday = (timeZone: string, now = new Date()) => zonedInstant(addDays(todayIn(timeZone, now), 1), "00:00", timeZone);

async function refuseStrangers(db: Db, practiceId: string, clientId: string, input: FollowUpInput) {
  if (input.assigneeId && !(await isMember(db, practiceId, input.assigneeId))) {
    throw new DomainError("validation_failed", "Choose someone from the list.", { assigneeId: "Choose someone from the list." });
  }
  if (input.sessionId && !(await findAttendee(db, practiceId, input.sessionId, clientId))) {
    throw new DomainError("validation_failed", "That session is not one of this client's.", { sessionId: "That session is not one of this client's." });
  }
}

/** A follow-up for a client of the practice; a retried form (same submission key) makes one. */
export async function createFollowUp(db: Db, practiceId: string, actorUserId: string, clientId: string, input: FollowUpInput, submission?: string | null) {
  await refuseStrangers(db, practiceId, clientId, input);
  return db.transaction(async (tx) => {
    const claim = submission ? await claimSubmission(tx, practiceId, submission) : null;
    const made = claim && !claim.first && claim.resultId ? await findFollowUpView(tx, practiceId, claim.resultId) : null;
    if (made) return made.followUp;
    const followUp = await insertFollowUp(tx, practiceId, {
      clientId, sessionId: input.sessionId, type: input.type, notes: input.notes, dueAt: input.due, assigneeId: input.assigneeId, createdBy: actorUserId,
    });
    if (submission) await recordSubmissionResult(tx, practiceId, submission, followUp.id);
    return followUp;
  });
}

/**
 * On completion, when the practice adds follow-ups by itself: one per client who came, with the
 * practice's defaults, in the completion's transaction. A client who already has a follow-up from this
 * session (added from the prompt, or by an earlier completion) gets none, so completing, reopening and
 * completing again adds nothing. The caller holds the session's row lock, so two completions cannot race.
 */
export async function addAutomaticFollowUps(tx: Db, practice: Practice, actorUserId: string, session: CalendarSession) {
  if (!practice.followUpAutomatic) return [];
  const attendees = await listSessionClients(tx, practice.id, session.id);
  const already = await sessionFollowUpClientIds(tx, practice.id, session.id);
  const dueAt = defaultFollowUpDue(practice, session);
  const made: FollowUp[] = [];
  for (const a of attendees) {
    if (already.has(a.clientId)) continue;
    made.push(await insertFollowUp(tx, practice.id, {
      clientId: a.clientId, sessionId: session.id, type: "call", notes: defaultFollowUpNotes(practice.followUpDefaultDays), dueAt,
      assigneeId: actorUserId, createdBy: actorUserId,
    }));
  }
  return made;
}

/** Done. A second tap (or a completed one) returns the row as it is: nothing changes twice. */
export async function completeFollowUp(db: Db, practiceId: string, followUpId: string, now = new Date()) {
  await completeFollowUpRow(db, practiceId, followUpId, now);
  return findFollowUpView(db, practiceId, followUpId);
}

/** Later by a day or a week, on the practice's calendar (a DST night keeps the wall-clock time). */
export async function snoozeFollowUp(db: Db, practice: Practice, view: FollowUpView, by: "day" | "week", seenDueAt: Date, now = new Date()) {
  const { date, time } = localParts(seenDueAt, practice.timezone);
  // Snoozing something overdue moves it from today, not from the day it was missed.
  const from = seenDueAt < now ? todayIn(practice.timezone, now) : date;
  const dueAt = zonedInstant(addDays(from, by === "day" ? 1 : 7), time, practice.timezone);
  await snoozeFollowUpRow(db, practice.id, view.followUp.id, seenDueAt, dueAt, now);
  return findFollowUpView(db, practice.id, view.followUp.id);
}

/**
 * Sends an email follow-up: the outbox row (once per follow-up) and the completion in one transaction.
 * Refused with a sentence when the client has no email address.
 */
export async function sendFollowUpEmail(db: Db, practice: Practice, sender: { id: string; email: string }, followUpId: string,
  message: z.output<typeof followUpEmailForm>, now = new Date()) {
  return db.transaction(async (tx) => {
    const followUp = await lockFollowUp(tx, practice.id, followUpId);
    if (!followUp) throw new DomainError("not_found", "There is no such follow-up in this practice.");
    const client = await findClient(tx, practice.id, followUp.clientId);
    if (!client?.email) {
      throw new DomainError("validation_failed", `${client?.firstName ?? "This client"} has no email address: add one on the client's page, or call instead.`);
    }
    const { subject, message: rendered } = followUpEmail({ practiceName: practice.name, subject: message.subject, body: message.body, replyTo: sender.email });
    const email = await enqueueEmail(tx, practice.id, {
      kind: "follow_up", to: client.email, subject, message: rendered, dedupeKey: `follow_up:${followUp.id}`, clientId: client.id, sessionId: followUp.sessionId,
    });
    await completeFollowUpRow(tx, practice.id, followUp.id, now);
    return { email, followUp: (await findFollowUpView(tx, practice.id, followUp.id))! };
  });
}

/** "Time to book again" for the practice, or nothing when no rebook period is set anywhere (the default). */
export async function rebookSuggestions(db: Db, practice: Practice, now = new Date()) {
  if (practice.rebookAfterWeeks === null && !(await anyServiceRebooks(db, practice.id))) return [];
  return listRebookSuggestions(db, practice.id, practice.rebookAfterWeeks, now);
}

/**
 * "Add follow-up" on a suggestion: a call, due now, for whoever tapped it. Under the client's row lock, an
 * open follow-up already there (a second tap) is the answer instead of a second call.
 */
export async function addRebookFollowUp(db: Db, practiceId: string, actorUserId: string, clientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await findClientForUpdate(tx, practiceId, clientId);
    const [open] = await listClientFollowUps(tx, practiceId, clientId, 1);
    if (open) return open.followUp;
    return insertFollowUp(tx, practiceId, {
      clientId, sessionId: null, type: "call", notes: "Time to book again", dueAt: now, assigneeId: actorUserId, createdBy: actorUserId,
    });
  });
}

/** "Dismiss": gone until the client's next visit. */
export const dismissRebookSuggestion = (db: Db, practiceId: string, clientId: string, now = new Date()) => dismissRebook(db, practiceId, clientId, now);
