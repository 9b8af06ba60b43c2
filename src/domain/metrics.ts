// Progress metrics: templates a practice defines, values logged against them, validated by the template.
import { z } from "zod";
import * as field from "../lib/fields.js";
import { emptyAs } from "../lib/fields.js";
import type { Db } from "../db/client.js";
import { metricTypes, type ClientMetric, type MetricTemplate, type Practice } from "../db/schema.js";
import { addDays, dateRangeWords, formatDateTime, isInstantInRange, localParts, parseLocalDateTime, todayIn } from "../lib/time.js";
import { changedFields, recordAudit } from "../queries/audit-log.js";
import {
  assignTemplates, countValuesOutside, deleteMetricRow, findMetric, findTemplate, insertMetric, insertTemplate, listServiceTemplateIds, listTemplates,
  setServiceTemplates, setTemplateArchived, updateMetricRow, updateTemplateRow, type TemplateValues,
} from "../queries/metrics.js";
import { isUuid } from "../lib/ids.js";
import { claimSubmission, recordSubmissionResult } from "../queries/form-submissions.js";
import { DomainError, domainErrorFromDatabase } from "../lib/errors.js";

/** Text entries ("how do you feel") are kept to this many characters. */
export const MAX_TEXT_LENGTH = 2000;

/**
 * Every number a metric holds is within ±1,000,000,000: enough for steps or grams, and a day's sum of
 * values can never overflow (1e308 twice is Infinity). The database holds the same bound.
 */
export const METRIC_NUMBER_LIMIT = 1e9;
const limitWords = "between -1,000,000,000 and 1,000,000,000";

const optionalNumber = (label: string) => z.preprocess(emptyAs(null), z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, `${label} must be a number.`).transform(Number)], { error: `${label} must be a number.` })
  .pipe(z.number().min(-METRIC_NUMBER_LIMIT, `${label} must be ${limitWords}.`).max(METRIC_NUMBER_LIMIT, `${label} must be ${limitWords}.`)).nullable());

export const templateFields = z.object({
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(60, "Keep the name under 60 characters."),
  unit: z.preprocess(emptyAs(null), z.string().trim().max(20, "Keep the unit under 20 characters.").nullable()),
  type: z.enum(metricTypes, { error: "Choose number, slider or text." }),
  minValue: optionalNumber("The minimum"),
  maxValue: optionalNumber("The maximum"),
  step: z.preprocess(emptyAs(null), optionalNumber("The step").refine((v) => v === null || v > 0, "The step must be above zero.")),
  better: z.preprocess(emptyAs(null), z.enum(["higher", "lower"], { error: "Choose higher or lower." }).nullable()),
  description: z.preprocess(emptyAs(null), z.string().trim().max(500, "Keep the description under 500 characters.").nullable()),
}).superRefine((t, ctx) => {
  if (t.type === "slider" && (t.minValue === null || t.maxValue === null)) {
    ctx.addIssue({ code: "custom", path: [t.minValue === null ? "minValue" : "maxValue"], message: "A slider needs a minimum and a maximum." });
  }
  if (t.minValue !== null && t.maxValue !== null && t.minValue >= t.maxValue) ctx.addIssue({ code: "custom", path: ["maxValue"], message: "The maximum must be above the minimum." });
});

/** POST /api/clients/:clientId/metrics: the value is checked against its template by metricValue. */
export const metricBody = z.object({
  templateId: z.string({ error: "templateId is required." }).refine(isUuid, "templateId is a metric template id."),
  value: z.union([z.number(), z.string()], { error: "value is a number (number and slider metrics) or text." }),
  recordedAt: field.instant("recordedAt").optional(),
});

/** One click adds any of these to a practice. */
export const starterTemplates: TemplateValues[] = [
  { name: "Pain level", unit: null, type: "slider", minValue: 0, maxValue: 10, step: 1, better: "lower", description: "0 = no pain, 10 = worst imaginable." },
  { name: "Mood", unit: null, type: "slider", minValue: 1, maxValue: 5, step: 1, better: "higher", description: "1 = very low, 5 = very good." },
  { name: "Weight", unit: "kg", type: "number", minValue: 20, maxValue: 400, step: 0.1, better: null, description: null },
  { name: "Sleep", unit: "hours", type: "number", minValue: 0, maxValue: 24, step: 0.25, better: "higher", description: "Hours slept last night." },
  { name: "Steps", unit: "steps", type: "number", minValue: 0, maxValue: 100000, step: 1, better: "higher", description: null },
  { name: "Blood pressure (systolic)", unit: "mmHg", type: "number", minValue: 60, maxValue: 260, step: 1, better: "lower", description: "The upper number." },
  { name: "Blood pressure (diastolic)", unit: "mmHg", type: "number", minValue: 30, maxValue: 160, step: 1, better: "lower", description: "The lower number." },
  { name: "Hydration", unit: "litres", type: "number", minValue: 0, maxValue: 10, step: 0.1, better: "higher", description: "Water drunk today." },
  { name: "Range of motion", unit: "degrees", type: "number", minValue: 0, maxValue: 360, step: 1, better: "higher", description: null },
  { name: "How do you feel?", unit: null, type: "text", minValue: null, maxValue: null, step: null, better: null, description: "In your own words." },
];

const nameTaken = "There is already a metric with this name.";

export async function createTemplate(db: Db, practiceId: string, actorUserId: string, values: TemplateValues) {
  try {
    return await db.transaction(async (tx) => {
      const template = await insertTemplate(tx, practiceId, values);
      await recordAudit(tx, practiceId, { actorUserId, action: "create", entity: "metric_template", entityId: template.id });
      return template;
    });
  } catch (error) {
    throw domainErrorFromDatabase(error, { metric_templates_practice_name_key: { field: "name", message: nameTaken } }) ?? error;
  }
}

/**
 * New bounds may not leave values already recorded outside them: the practitioner is told how many,
 * and widens the bounds or corrects those entries first, so no chart ever shows a value its scale denies.
 */
export async function updateTemplate(db: Db, practiceId: string, actorUserId: string, template: MetricTemplate, values: TemplateValues) {
  if (values.type !== template.type) {
    throw new DomainError("validation_failed", "A metric's input type cannot change: its values were recorded as that type. Create a new metric instead.", { type: "Stays as it is." });
  }
  try {
    return await db.transaction(async (tx) => {
      const outside = template.type === "text" ? 0 : await countValuesOutside(tx, practiceId, template.id, values.minValue, values.maxValue);
      if (outside) {
        const message = `${outside.toLocaleString("en-GB")} value${outside === 1 ? " is" : "s are"} already recorded outside these bounds: widen them, or correct those entries first.`;
        throw new DomainError("validation_failed", message, { [values.minValue !== template.minValue ? "minValue" : "maxValue"]: message });
      }
      const diff = changedFields(template as unknown as Record<string, unknown>, values);
      const updated = await updateTemplateRow(tx, practiceId, template.id, values);
      if (Object.keys(diff).length) await recordAudit(tx, practiceId, { actorUserId, action: "update", entity: "metric_template", entityId: template.id, diff });
      return updated!;
    });
  } catch (error) {
    throw domainErrorFromDatabase(error, { metric_templates_practice_name_key: { field: "name", message: nameTaken } }) ?? error;
  }
}

/** Archiving keeps every logged value; the metric just stops being offered. */
export async function archiveTemplate(db: Db, practiceId: string, actorUserId: string, template: MetricTemplate, archived: boolean) {
  if (template.archived === archived) return template;
  return db.transaction(async (tx) => {
    const updated = await setTemplateArchived(tx, practiceId, template.id, archived);
    await recordAudit(tx, practiceId, { actorUserId, action: archived ? "archive" : "unarchive", entity: "metric_template", entityId: template.id });
    return updated;
  });
}

/** The client starts tracking a metric: its card appears on their page (and in their portal). */
export async function trackMetric(db: Db, practiceId: string, actorUserId: string, clientId: string, template: MetricTemplate) {
  await db.transaction(async (tx) => {
    await assignTemplates(tx, practiceId, clientId, [template.id]);
    await recordAudit(tx, practiceId, { actorUserId, action: "assign", entity: "metric_template", entityId: template.id, diff: { clientId } });
  });
}

/** The metrics a client booked into this service starts tracking; ids of other practices are ignored. */
export async function setServiceMetrics(db: Db, practiceId: string, actorUserId: string, serviceId: string, templateIds: string[]) {
  await db.transaction(async (tx) => {
    const own = new Set((await listTemplates(tx, practiceId)).map((t) => t.id));
    const before = await listServiceTemplateIds(tx, practiceId, serviceId);
    const after = [...new Set(templateIds.filter((id) => own.has(id)))];
    await setServiceTemplates(tx, practiceId, serviceId, after);
    await recordAudit(tx, practiceId, { actorUserId, action: "update", entity: "service", entityId: serviceId, diff: { metricTemplateIds: [before, after] } });
  });
}

export async function templateOr404(db: Db, practiceId: string, templateId: string | undefined) {
  const template = isUuid(templateId) ? await findTemplate(db, practiceId, templateId) : null;
  if (!template) throw new DomainError("not_found", "There is no such metric in this practice.");
  return template;
}

/** A raw value (form text or JSON) checked against its template; the message says what would be right. */
export function metricValue(template: MetricTemplate, raw: unknown): { valueNum: number | null; valueText: string | null } {
  if (template.type === "text") {
    if (typeof raw !== "string" || !raw.trim()) throw new DomainError("validation_failed", "Write something.", { value: "Write something." });
    const text = raw.trim();
    if (text.length > MAX_TEXT_LENGTH) throw new DomainError("validation_failed", `Keep it under ${MAX_TEXT_LENGTH} characters.`, { value: `At most ${MAX_TEXT_LENGTH} characters.` });
    return { valueNum: null, valueText: text };
  }
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+([.,]\d+)?\s*$/.test(raw) ? Number(raw.trim().replace(",", ".")) : NaN;
  const range = template.minValue !== null && template.maxValue !== null ? `between ${template.minValue} and ${template.maxValue}`
    : template.minValue !== null ? `at least ${template.minValue}` : template.maxValue !== null ? `at most ${template.maxValue}` : "a number";
  if (Number.isFinite(n) && Math.abs(n) > METRIC_NUMBER_LIMIT) throw new DomainError("validation_failed", `Enter a number ${limitWords}.`, { value: `Enter a number ${limitWords}.` });
  if (!Number.isFinite(n)) throw new DomainError("validation_failed", `Enter a number${range === "a number" ? "" : ` ${range}`}.`, { value: `Enter a number${range === "a number" ? "" : ` ${range}`}.` });
  if ((template.minValue !== null && n < template.minValue) || (template.maxValue !== null && n > template.maxValue)) {
    throw new DomainError("validation_failed", `${template.name} must be ${range}${template.unit ? ` ${template.unit}` : ""}.`, { value: `Must be ${range}.` });
  }
  return { valueNum: n, valueText: null };
}

/** When it was: a typed local date-time (backdating), an ISO instant from the API, or now. Never in the future. */
export function recordedAtFrom(raw: unknown, timeZone: string, now = new Date()): Date {
  if (raw === undefined || raw === null || raw === "") return now;
  const instant = typeof raw !== "string" ? null : /[zZ]|[+-]\d{2}:\d{2}$/.test(raw) ? new Date(raw) : parseLocalDateTime(raw, timeZone);
  if (!instant || Number.isNaN(instant.getTime())) throw new DomainError("validation_failed", "Enter the time as a date and time.", { recordedAt: "Enter a date and time." });
  if (instant.getTime() > now.getTime() + 5 * 60_000) throw new DomainError("validation_failed", "A value cannot be recorded in the future.", { recordedAt: "Not in the future." });
  if (!isInstantInRange(instant)) throw new DomainError("validation_failed", `The time must be ${dateRangeWords}.`, { recordedAt: "After 1900." });
  return instant;
}

/** Logs a value (and its daily roll-up) in one transaction. With a form's `submission` key, a retry answers with the first one's value. */
export async function logMetric(db: Db, practice: Practice, actorUserId: string, clientId: string, template: MetricTemplate, raw: unknown, rawRecordedAt: unknown,
  source: "practitioner" | "client" = "practitioner", submission?: string | null) {
  if (template.archived) throw new DomainError("conflict", "This metric is archived: unarchive it to log values.");
  const value = metricValue(template, raw);
  const recordedAt = recordedAtFrom(rawRecordedAt, practice.timezone);
  return db.transaction(async (tx) => {
    const claim = submission ? await claimSubmission(tx, practice.id, submission) : null;
    const made = claim && !claim.first && claim.resultId ? await findMetric(tx, practice.id, clientId, claim.resultId) : null;
    if (made) return made;
    const metric = await insertMetric(tx, practice.id, { clientId, metricTemplateId: template.id, ...value, recordedAt, recordedByUserId: actorUserId, source });
    if (submission) await recordSubmissionResult(tx, practice.id, submission, metric.id);
    return metric;
  });
}

/** Corrections to a logged value are audited: the old value is kept in the log's diff. */
export async function correctMetric(db: Db, practice: Practice, actorUserId: string, clientId: string, metricId: string, template: MetricTemplate, raw: unknown, rawRecordedAt: unknown) {
  const before = await findMetric(db, practice.id, clientId, metricId);
  if (!before || before.metricTemplateId !== template.id) throw new DomainError("not_found", "There is no such entry.");
  const value = metricValue(template, raw);
  const recordedAt = rawRecordedAt ? recordedAtFrom(rawRecordedAt, practice.timezone) : before.recordedAt;
  return db.transaction(async (tx) => {
    const after = await updateMetricRow(tx, practice.id, metricId, { ...value, recordedAt });
    await recordAudit(tx, practice.id, { actorUserId, action: "update", entity: "client_metric", entityId: metricId,
      diff: { value: [before.valueNum ?? before.valueText, value.valueNum ?? value.valueText], recordedAt: [before.recordedAt, recordedAt] } });
    return after!;
  });
}

export async function removeMetric(db: Db, practiceId: string, actorUserId: string, clientId: string, metricId: string) {
  const before = await findMetric(db, practiceId, clientId, metricId);
  if (!before) throw new DomainError("not_found", "There is no such entry.");
  await db.transaction(async (tx) => {
    await deleteMetricRow(tx, practiceId, metricId);
    await recordAudit(tx, practiceId, { actorUserId, action: "delete", entity: "client_metric", entityId: metricId,
      diff: { clientId, templateId: before.metricTemplateId, value: before.valueNum ?? before.valueText, recordedAt: before.recordedAt } });
  });
  return before;
}

// ---- The client logging their own values (the portal, and the API with their own token).

/**
 * The metric a client may log themselves: one of those their practitioner shows them (`shown`, from
 * listTemplatesShownForClient: tracked or already holding their values, never archived). Anything else —
 * another practice's, one they do not track, an archived one, a malformed id — is the same 404.
 */
export function templateClientLogs(shown: MetricTemplate[], templateId: unknown): MetricTemplate {
  const template = typeof templateId === "string" ? shown.find((t) => t.id === templateId) : undefined;
  if (!template) throw new DomainError("not_found", "You do not track this metric here.");
  return template;
}

/** What a client is told after logging: "Saved: Pain level 3 (today 09:14)." in their practice's zone. */
export function savedSentence(template: MetricTemplate, metric: ClientMetric, timeZone: string, now = new Date()): string {
  const { date, time } = localParts(metric.recordedAt, timeZone);
  const today = todayIn(timeZone, now);
  const when = date === today ? `today ${time}` : date === addDays(today, -1) ? `yesterday ${time}` : formatDateTime(metric.recordedAt, timeZone);
  const value = metric.valueNum === null ? "" : ` ${metric.valueNum}${template.unit ? ` ${template.unit}` : ""}`;
  return `Saved: ${template.name}${value} (${when}).`;
}
