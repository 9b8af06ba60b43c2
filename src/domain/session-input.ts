// What a booking form or API body says, turned into session values: the practice's zone reads the
// typed times, the service supplies defaults for what was left empty.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { cancelParties, type Practice, type SeriesRule } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { emptyAs } from "../lib/fields.js";
import { dateRangeWords, isInstantInRange, isoWeekday, isRealDate, localParts, parseLocalDateTime } from "../lib/time.js";
import { findMembership } from "../queries/practices.js";
import { findService } from "../queries/services.js";
import { findProgram, listPhases } from "../queries/programs.js";
import type { SessionValues } from "../queries/sessions.js";
import { isUuid } from "../lib/ids.js";
import { DomainError } from "../lib/errors.js";

const blankToNull = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : v.trim());
const optionalText = (max: number, label: string) =>
  z.string({ error: `${label} must be text.` }).max(max, `${label} is at most ${max} characters.`).optional().transform(blankToNull);
const optionalId = (label: string) => z.string({ error: `Choose ${label}.` }).optional().transform(blankToNull)
  .refine((v) => v === null || isUuid(v), `Choose ${label} from the list.`);

const localDateTime = (timeZone: string, label: string) => z.string({ error: `Enter ${label}.` }).transform((v, ctx) => {
  const instant = parseLocalDateTime(v, timeZone);
  if (!instant) ctx.addIssue({ code: "custom", message: `Enter ${label} as a date and time.` });
  return instant as Date;
});

export function sessionForm(timeZone: string) {
  return z.object({
    serviceId: optionalId("a service"),
    programId: optionalId("a program"),
    phaseId: optionalId("a phase"),
    practitionerId: z.string({ error: "Choose a practitioner." }).refine(isUuid, "Choose a practitioner from the list."),
    start: localDateTime(timeZone, "the start"),
    end: z.string().optional().transform((v, ctx) => {
      if (!v?.trim()) return null;
      const instant = parseLocalDateTime(v, timeZone);
      if (!instant) ctx.addIssue({ code: "custom", message: "Enter the end as a date and time, or leave it empty." });
      return instant;
    }),
    location: optionalText(200, "The location"),
    capacity: z.preprocess(emptyAs(null), field.wholeNumber("The capacity", 1, 500).nullable()),
    notes: optionalText(2000, "Notes"),
    repeat: z.string().optional().transform((v) => v === "on" || v === "true"),
    repeatEvery: z.preprocess(emptyAs("1"), field.wholeNumber("Repeat every", 1, 8)),
    repeatEnds: z.enum(["until", "count"]).optional().catch("count").default("count"),
    repeatUntil: z.string().optional().transform(blankToNull).refine((v) => v === null || isRealDate(v), "Enter the end date as YYYY-MM-DD."),
    repeatCount: z.preprocess(emptyAs("10"), field.wholeNumber("The number of sessions", 1, 104)),
    onClash: z.enum(["skip", "ask"]).optional().catch("ask").default("ask"),
  });
}
export type SessionFormInput = z.output<ReturnType<typeof sessionForm>>;

export const sessionApiBody = z.object({
  serviceId: z.string().refine(isUuid, "serviceId is a service id.").nullable().optional(),
  practitionerId: z.string().refine(isUuid, "practitionerId is a user id.").optional(),
  startTime: field.instant("startTime"),
  endTime: field.instant("endTime").optional(),
  title: z.string().max(200).optional(),
  location: z.string().max(200, "location is at most 200 characters.").nullable().optional(),
  capacity: z.number({ error: "capacity is a whole number." }).int().min(1).max(500).optional(),
  notes: z.string().max(2000).nullable().optional(),
  clientIds: z.array(z.string().refine(isUuid, "clientIds holds client ids."), { error: "clientIds is a list of client ids." }).max(500).optional(),
  programId: z.string().refine(isUuid, "programId is a program id.").nullable().optional(),
  phaseId: z.string().refine(isUuid, "phaseId is a phase id.").nullable().optional(),
});

/** PATCH /api/sessions/:id: any subset; a status change and a move may come together. */
export const sessionPatchBody = z.object({
  status: z.enum(["scheduled", "completed", "canceled", "no_show"], { error: "status is scheduled, completed, canceled or no_show." }).optional(),
  cancelReason: z.string().max(200).nullable().optional(),
  canceledBy: z.enum(cancelParties, { error: "canceledBy is client or practice." }).optional(),
  startTime: field.instant("startTime").optional(),
  endTime: field.instant("endTime").optional(),
  location: z.string().max(200).nullable().optional(),
  capacity: z.number().int().min(1).max(500).optional(),
  notes: z.string().max(2000).nullable().optional(),
});

/** POST /api/programs/:id/enrollments, and the client half of a booking. */
export const attendeeBody = z.object({ clientId: z.string({ error: "clientId is required." }).refine(isUuid, "clientId is a client id.") });

/** POST /api/sessions/:id/attendees: which package pays can be chosen, or none (a paid drop-in). */
export const bookingBody = attendeeBody.extend({
  enrollmentId: z.string().refine(isUuid, "enrollmentId is an enrollment id.").optional(),
  dropIn: z.boolean({ error: "dropIn is true or false." }).optional(),
});

/** The session page's status buttons: completed, no-show, canceled (with a reason) or back to scheduled. */
export const sessionStatusForm = z.object({
  status: z.enum(["scheduled", "completed", "canceled", "no_show"], { error: "Choose a status." }),
  cancelReason: z.string().max(200, "Keep the reason under 200 characters.").optional().transform((v) => v?.trim() || null),
  canceledBy: z.preprocess(emptyAs(undefined), z.enum(cancelParties, { error: "Choose who canceled: the client or the practice." }).optional()),
});

/** The session page's reschedule form: times typed in the practice's zone. */
export const rescheduleForm = (timeZone: string) => z.object({
  start: z.string({ error: "Enter the start." }),
  end: z.string({ error: "Enter the end." }),
  location: z.string().max(200, "The location is at most 200 characters.").optional().transform((v) => v?.trim() || null),
  capacity: field.wholeNumber("The capacity", 1, 500),
  notes: z.string().max(2000, "Notes are at most 2,000 characters.").optional().transform((v) => v?.trim() || null),
}).transform((v, ctx) => {
  const start = parseLocalDateTime(v.start, timeZone);
  const end = parseLocalDateTime(v.end, timeZone);
  if (!start) ctx.addIssue({ code: "custom", path: ["start"], message: "Enter the start as a date and time." });
  if (!end) ctx.addIssue({ code: "custom", path: ["end"], message: "Enter the end as a date and time." });
  const { start: _start, end: _end, ...details } = v;
  return { ...details, startTime: start!, endTime: end! };
});

/**
 * Fills what was left empty from the service (duration, capacity) and checks that the service and the
 * practitioner belong to this practice. Errors name the field they belong to.
 */
export async function resolveSessionValues(db: Db, practice: Practice, input: {
  serviceId: string | null; practitionerId: string; start: Date; end: Date | null; capacity: number | null;
  location: string | null; notes: string | null; title?: string | null; programId?: string | null; phaseId?: string | null;
}): Promise<SessionValues> {
  const program = input.programId ? await findProgram(db, practice.id, input.programId) : null;
  if (input.programId && !program) throw new DomainError("validation_failed", "Choose a program of this practice.", { programId: "Choose a program from the list." });
  const phases = program && input.phaseId ? await listPhases(db, practice.id, [program.id]) : [];
  if (input.phaseId && !phases.some((p) => p.id === input.phaseId)) {
    throw new DomainError("validation_failed", "Choose a phase of the chosen program.", { phaseId: "Choose a phase of the chosen program." });
  }
  const service = input.serviceId ? await findService(db, practice.id, input.serviceId) : null;
  if (input.serviceId && !service) throw new DomainError("validation_failed", "Choose a service of this practice.", { serviceId: "Choose a service from the list." });
  if (!service && !input.title) throw new DomainError("validation_failed", "Choose a service.", { serviceId: "Choose a service." });
  const membership = await findMembership(db, practice.id, input.practitionerId);
  if (!membership) throw new DomainError("validation_failed", "Choose a practitioner of this practice.", { practitionerId: "Choose a practitioner from the list." });
  if (!isInstantInRange(input.start)) throw new DomainError("validation_failed", `The start must be ${dateRangeWords}.`, { start: "Between 1900 and 2100." });
  const end = input.end ?? new Date(input.start.getTime() + (service?.durationMinutes ?? 60) * 60_000);
  if (!isInstantInRange(end)) throw new DomainError("validation_failed", `The end must be ${dateRangeWords}.`, { end: "Between 1900 and 2100." });
  if (end <= input.start) throw new DomainError("validation_failed", "The session must end after it starts.", { end: "End after the start." });
  if (end.getTime() - input.start.getTime() > 24 * 3_600_000) throw new DomainError("validation_failed", "A session lasts at most 24 hours.", { end: "At most 24 hours after the start." });
  return {
    serviceId: service?.id ?? null, practitionerId: input.practitionerId, title: input.title ?? null,
    startTime: input.start, endTime: end, location: input.location, notes: input.notes,
    capacity: input.capacity ?? service?.capacity ?? 1,
    programId: program?.id ?? null, phaseId: input.phaseId ?? null,
  };
}

/**
 * The weekly rule a form asks for, anchored at the first session's local date and time. No weekday
 * ticked means "the weekday of the first session".
 */
export function seriesRuleFrom(input: SessionFormInput, weekdays: string[], values: SessionValues, timeZone: string): SeriesRule {
  const first = localParts(values.startTime, timeZone);
  const ticked = weekdays.length ? weekdays.map(Number) : [isoWeekday(first.date)];
  const days = [...new Set(ticked.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7))];
  if (!days.length) throw new DomainError("validation_failed", "Choose the weekdays it repeats on.", { weekdays: "Choose at least one weekday." });
  if (input.repeatEnds === "until" && (!input.repeatUntil || input.repeatUntil < first.date)) {
    throw new DomainError("validation_failed", "The series must end on or after its first session.", { repeatUntil: "On or after the first session." });
  }
  return {
    weekdays: days, intervalWeeks: input.repeatEvery, startTime: first.time, firstDate: first.date, timezone: timeZone,
    durationMinutes: Math.round((values.endTime.getTime() - values.startTime.getTime()) / 60_000),
    ...(input.repeatEnds === "until" ? { until: input.repeatUntil! } : { count: input.repeatCount }),
  };
}
