// Weekly recurring sessions. Occurrences are computed on calendar dates in the practice's zone and
// only then turned into instants, so a 09:00 class stays at 09:00 on both sides of a DST change.
import type { Db } from "../db/client.js";
import type { Practice, SeriesRule } from "../db/schema.js";
import { addDays, formatDay, weekOf, zonedInstant } from "../lib/time.js";
import { insertSeries, listSeriesSessions, overlappingSessions, type SessionValues } from "../queries/sessions.js";
import { claimSubmission, recordSubmissionResult } from "../queries/form-submissions.js";
import { createSessions } from "./booking.js";
import { DomainError } from "../lib/errors.js";

export const MAX_OCCURRENCES = 104;

/** The calendar dates of a rule: every `intervalWeeks`-th week from the first date, on its weekdays. */
export function occurrenceDates(rule: Pick<SeriesRule, "weekdays" | "intervalWeeks" | "firstDate" | "until" | "count">): string[] {
  const dates: string[] = [];
  const limit = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const firstMonday = weekOf(rule.firstDate)[0]!;
  const weekdays = [...new Set(rule.weekdays)].sort();
  for (let week = 0; dates.length < limit && week < 2 * 53 * rule.intervalWeeks; week += rule.intervalWeeks) {
    for (const weekday of weekdays) {
      const date = addDays(firstMonday, week * 7 + weekday - 1);
      if (date < rule.firstDate) continue;
      if (rule.until && date > rule.until) return dates;
      dates.push(date);
      if (dates.length >= limit) return dates;
    }
  }
  return dates;
}

export type PlannedOccurrence = { date: string; startTime: Date; endTime: Date; clash: { label: string } | null };

/** Every occurrence with the existing session it would collide with, for the "skip or cancel" question. */
export async function planSeries(db: Db, practice: Practice, practitionerId: string, rule: SeriesRule): Promise<PlannedOccurrence[]> {
  const dates = occurrenceDates(rule);
  if (!dates.length) throw new DomainError("validation_failed", "These repeat settings give no dates: check the weekdays and the end.", { repeatUntil: "No dates before this end." });
  const planned = dates.map((date) => {
    const startTime = zonedInstant(date, rule.startTime, rule.timezone);
    return { date, startTime, endTime: new Date(startTime.getTime() + rule.durationMinutes * 60_000) };
  });
  // One query for the whole span; clashes are matched in memory.
  const busy = await overlappingSessions(db, practice.id, practitionerId, planned[0]!.startTime, planned[planned.length - 1]!.endTime);
  return planned.map((p) => {
    const hit = busy.find(({ session }) => session.startTime < p.endTime && session.endTime > p.startTime);
    return { ...p, clash: hit ? { label: `${formatDay(p.date)}: ${hit.serviceName ?? hit.session.title ?? "another session"}` } : null };
  });
}

export async function createSeries(db: Db, practice: Practice, actorUserId: string, base: Omit<SessionValues, "startTime" | "endTime" | "seriesId">,
  rule: SeriesRule, options: { skipClashes: boolean; clientIds: string[]; submission?: string | null }) {
  const plan = await planSeries(db, practice, base.practitionerId, rule);
  const clashes = plan.filter((p) => p.clash);
  if (clashes.length && !options.skipClashes) {
    throw new DomainError("double_booked", `${clashes.length} of ${plan.length} dates clash with existing sessions: ${clashes.map((c) => c.clash!.label).join("; ")}.`);
  }
  const free = plan.filter((p) => !p.clash);
  if (!free.length) throw new DomainError("double_booked", "Every date of this series clashes with an existing session.");
  // The series row and its sessions land together or not at all (the sessions' insert is a savepoint inside).
  return db.transaction(async (tx) => {
    // The same form sent twice books one series: the retry answers with the first one's sessions.
    const claim = options.submission ? await claimSubmission(tx, practice.id, options.submission) : null;
    if (claim && !claim.first && claim.resultId) return { series: null, sessions: await listSeriesSessions(tx, practice.id, claim.resultId), skipped: [] };
    const series = await insertSeries(tx, practice.id, rule);
    if (options.submission) await recordSubmissionResult(tx, practice.id, options.submission, series.id);
    const sessions = await createSessions(tx, practice, actorUserId,
      free.map((p) => ({ ...base, seriesId: series.id, startTime: p.startTime, endTime: p.endTime })), options.clientIds);
    return { series, sessions, skipped: clashes.map((c) => c.date) };
  });
}
