// Programs: group series, treatment plans with phases, and session packages.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { programTypes, type Practice } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { emptyAs } from "../lib/fields.js";
import { isRealDate } from "../lib/time.js";
import { recordAudit } from "../queries/audit-log.js";
import { insertProgram, type ProgramValues } from "../queries/programs.js";
import { findService } from "../queries/services.js";
import { isUuid } from "../lib/ids.js";
import { DomainError } from "../lib/errors.js";

const optionalDate = (label: string) => z.preprocess(emptyAs(null), z.string().refine(isRealDate, `Write ${label} as YYYY-MM-DD.`).nullable());

const base = {
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Keep it under 120 characters."),
  description: z.preprocess(emptyAs(null), z.string().trim().max(2000, "The description is at most 2,000 characters.").nullable()),
  type: z.enum(programTypes, { error: "Choose group series, plan or package." }),
  serviceId: z.preprocess(emptyAs(null), z.string().refine(isUuid, "Choose a service from the list.").nullable()),
  startDate: optionalDate("the start date"),
  endDate: optionalDate("the end date"),
  sessionsCount: z.preprocess(emptyAs(null), field.wholeNumber("The number of sessions", 1, 500).nullable()),
  validityDays: z.preprocess(emptyAs(null), field.wholeNumber("The validity", 1, 3660).nullable()),
};

const rules = <T extends { type: string; sessionsCount: number | null; startDate: string | null; endDate: string | null }>(v: T, ctx: z.RefinementCtx) => {
  if (v.type === "package" && !v.sessionsCount) ctx.addIssue({ code: "custom", path: ["sessionsCount"], message: "A package needs its number of sessions." });
  if (v.startDate && v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The end date is before the start date." });
};

/** The HTML form, for a practice's currency (the price is typed in its units and decimals). */
export const programForm = field.perCurrency((currency) => z.object({
  ...base,
  price: field.optionalPriceText(currency, ["250", "249.50"]),
  closed: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  phases: z.preprocess(emptyAs(""), z.string().max(2000, "Keep the phases under 2,000 characters.")),
}).superRefine(rules));

export const programApiBody = z.object({
  ...base,
  priceCents: z.number({ error: "priceCents is a whole number of cents." }).int().min(0).max(100_000_000).nullable().optional(),
  closed: z.boolean({ error: "closed is true or false." }).optional(),
  phases: z.array(z.string().trim().min(1).max(120)).max(12, "At most 12 phases.").optional(),
}).superRefine(rules);

/** "Assessment\nIntensive\nMaintenance" → the phases in order, blank lines ignored. */
export const phaseLines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 12);

export async function createProgram(db: Db, practice: Practice, actorUserId: string, input: Omit<ProgramValues, "closed"> & { closed?: boolean }, phases: string[]) {
  if (input.serviceId && !(await findService(db, practice.id, input.serviceId))) {
    throw new DomainError("validation_failed", "Choose a service of this practice.", { serviceId: "Choose a service from the list." });
  }
  return db.transaction(async (tx) => {
    const program = await insertProgram(tx, practice.id, {
      ...input,
      closed: input.type === "group_series" && !!input.closed,
      serviceId: input.type === "package" ? input.serviceId : null,
      sessionsCount: input.type === "plan" ? null : input.sessionsCount,
      validityDays: input.type === "package" ? input.validityDays : null,
    }, input.type === "plan" ? phases : []);
    await recordAudit(tx, practice.id, { actorUserId, action: "create", entity: "program", entityId: program.id });
    return program;
  });
}
