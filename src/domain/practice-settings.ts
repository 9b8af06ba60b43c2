import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { changedFields, recordAudit } from "../queries/audit-log.js";
import { updatePracticeSettings, type PracticeSettings } from "../queries/practices.js";

const MIN_REMINDER_MINUTES = 5;
const MAX_REMINDER_MINUTES = 14 * 24 * 60;
const MAX_REMINDERS = 5;

/** "24h, 2h, 30m" → [1440, 120, 30]. A bare number means hours, because that is how people say it. */
export function parseReminderOffsets(text: string): { minutes: number[] } | { error: string } {
  const parts = text.split(/[,;\s]+/).map((p) => p.trim().toLowerCase()).filter(Boolean);
  const minutes = new Set<number>();
  for (const part of parts) {
    const m = /^(\d{1,5})(m|min|mins|h|hr|hrs|d|day|days)?$/.exec(part);
    if (!m) return { error: `"${part.slice(0, 20)}" is not a duration: write hours like 24h or minutes like 30m.` };
    const unit = m[2]?.[0] ?? "h";
    const value = Number(m[1]) * (unit === "m" ? 1 : unit === "d" ? 1440 : 60);
    if (value < MIN_REMINDER_MINUTES || value > MAX_REMINDER_MINUTES) {
      return { error: "Each reminder must be between 5 minutes and 14 days before the session." };
    }
    minutes.add(value);
  }
  if (minutes.size > MAX_REMINDERS) return { error: `At most ${MAX_REMINDERS} reminders per session.` };
  return { minutes: [...minutes].sort((a, b) => b - a) };
}

export const formatReminderOffsets = (minutes: number[]) =>
  minutes.map((m) => (m % 1440 === 0 && m >= 2880 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`)).join(", ");

export const practiceSettingsForm = z.object({
  name: field.practiceName,
  timezone: field.timezone,
  currency: field.currency,
  cancellationWindowHours: field.wholeNumber("The cancellation window", 0, 720),
  reminderOffsets: z.string({ error: "Write the reminder times, or leave the field empty for none." })
    .max(200, "Keep it under 200 characters.")
    .transform((text, ctx) => {
      const parsed = parseReminderOffsets(text);
      if ("error" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.minutes;
    }),
  followUpDefaultDays: field.wholeNumber("The follow-up delay", 0, 365),
  // A checkbox: present ("on") when ticked, absent otherwise.
  followUpAutomatic: z.string().optional().transform((v) => v === "on"),
  rebookAfterWeeks: z.preprocess(field.emptyAs(null), field.wholeNumber("Time to book again", 1, 104).nullable()),
});

export function settingsFormValues(practice: Practice) {
  return {
    name: practice.name,
    timezone: practice.timezone,
    currency: practice.currency,
    cancellationWindowHours: practice.cancellationWindowHours,
    reminderOffsets: formatReminderOffsets(practice.reminderOffsetsMinutes),
    followUpDefaultDays: practice.followUpDefaultDays,
    followUpAutomatic: practice.followUpAutomatic ? "on" : "",
    rebookAfterWeeks: practice.rebookAfterWeeks ?? "",
  };
}

/** Saves the settings and writes what changed to the audit log, in one transaction. */
export async function changePracticeSettings(db: Db, practice: Practice, actorUserId: string, input: z.output<typeof practiceSettingsForm>) {
  const next: PracticeSettings = {
    name: input.name,
    timezone: input.timezone,
    currency: input.currency,
    cancellationWindowHours: input.cancellationWindowHours,
    reminderOffsetsMinutes: input.reminderOffsets,
    followUpDefaultDays: input.followUpDefaultDays,
    followUpAutomatic: input.followUpAutomatic,
    rebookAfterWeeks: input.rebookAfterWeeks,
  };
  return db.transaction(async (tx) => {
    const updated = await updatePracticeSettings(tx, practice.id, next);
    const diff = changedFields(practice as unknown as Record<string, unknown>, next);
    if (Object.keys(diff).length) {
      await recordAudit(tx, practice.id, { actorUserId, action: "update", entity: "practice", entityId: practice.id, diff });
    }
    return updated!;
  });
}
