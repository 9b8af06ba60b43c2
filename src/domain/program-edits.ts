// Changing a program after it was created: its name, description, price, validity, closed flag and dates,
// and a plan's phases (renamed, reordered, added; a phase a session is tagged with is never deleted).
// Enrollments already sold keep what they bought: the validity and price apply to the next sale.
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Practice, Program, ProgramPhase } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { emptyAs } from "../lib/fields.js";
import { DomainError } from "../lib/errors.js";
import { isRealDate, plural } from "../lib/time.js";
import { changedFields, recordAudit } from "../queries/audit-log.js";
import { countSessionsByPhase, deletePhases, findProgramForUpdate, insertPhases, listPhases, setPhase, updateProgramRow } from "../queries/programs.js";

const MAX_PHASES = 12;
const optionalDate = (label: string) => z.preprocess(emptyAs(null), z.string().refine(isRealDate, `Write ${label} as YYYY-MM-DD.`).nullable());
const phaseName = z.string().trim().min(1, "A phase needs a name.").max(120, "Keep a phase's name under 120 characters.");

/** The edit form, for a practice's currency (the price is typed in its units and decimals). */
export const programEditForm = field.perCurrency((currency) => z.object({
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Keep it under 120 characters."),
  description: z.preprocess(emptyAs(null), z.string().trim().max(2000, "The description is at most 2,000 characters.").nullable()),
  price: field.optionalPriceText(currency, ["250", "249.50"]),
  validityDays: z.preprocess(emptyAs(null), field.wholeNumber("The validity", 1, 3660).nullable()),
  startDate: optionalDate("the start date"),
  endDate: optionalDate("the end date"),
  closed: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  newPhases: z.preprocess(emptyAs(""), z.string().max(2000, "Keep the new phases under 2,000 characters.")),
}).refine((v) => !v.startDate || !v.endDate || v.endDate >= v.startDate, { path: ["endDate"], message: "The end date is before the start date." }));

export type PhaseEdit = { id: string; name: string; position: number; remove: boolean };

/** The phase rows of the form (phaseName.<id>, phasePosition.<id>, phaseRemove.<id>), for this program's phases only. */
export function phaseEditsFrom(values: Record<string, string>, current: ProgramPhase[]): { edits: PhaseEdit[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const edits = current.map((phase) => {
    const name = phaseName.safeParse(values[`phaseName.${phase.id}`] ?? phase.name);
    if (!name.success) errors[`phaseName.${phase.id}`] = name.error.issues[0]!.message;
    const position = Number(values[`phasePosition.${phase.id}`] ?? phase.position);
    return { id: phase.id, name: name.success ? name.data : phase.name, position: Number.isFinite(position) ? position : phase.position,
      remove: values[`phaseRemove.${phase.id}`] === "on" };
  });
  return { edits, errors };
}

export async function updateProgram(db: Db, practice: Practice, actorUserId: string, program: Program,
  input: z.output<ReturnType<typeof programEditForm>>, edits: PhaseEdit[]) {
  return db.transaction(async (tx) => {
    const before = (await findProgramForUpdate(tx, practice.id, program.id))!;
    const values = {
      name: input.name, description: input.description, priceCents: input.price, startDate: input.startDate, endDate: input.endDate,
      validityDays: before.type === "package" ? input.validityDays : before.validityDays,
      closed: before.type === "group_series" ? input.closed : before.closed,
    };
    const diff = changedFields(before as unknown as Record<string, unknown>, values);
    await updateProgramRow(tx, practice.id, program.id, values);
    const phases = before.type === "plan" ? await rearrangePhases(tx, practice.id, program.id, edits, newPhaseLines(input.newPhases)) : null;
    await recordAudit(tx, practice.id, { actorUserId, action: "update", entity: "program", entityId: program.id, diff: { ...diff, ...(phases ? { phases } : {}) } });
  });
}

const newPhaseLines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** Renames, reorders, removes unused phases and appends new ones; positions end up 1…n. Returns [before, after] names. */
async function rearrangePhases(tx: Db, practiceId: string, programId: string, edits: PhaseEdit[], added: string[]) {
  const current = await listPhases(tx, practiceId, [programId]);
  const used = await countSessionsByPhase(tx, practiceId, programId);
  const inUse = edits.filter((e) => e.remove && (used.get(e.id) ?? 0) > 0);
  if (inUse.length) {
    const first = current.find((p) => p.id === inUse[0]!.id)!;
    throw new DomainError("validation_failed", `${first.name} is used by ${plural(used.get(first.id)!, "session")}: rename it, but it cannot be deleted.`,
      Object.fromEntries(inUse.map((e) => [`phaseRemove.${e.id}`, "Used by sessions: it stays."])));
  }
  const kept = edits.filter((e) => !e.remove && current.some((p) => p.id === e.id))
    .sort((a, b) => a.position - b.position || current.findIndex((p) => p.id === a.id) - current.findIndex((p) => p.id === b.id));
  if (kept.length + added.length > MAX_PHASES) throw new DomainError("validation_failed", `A plan has at most ${MAX_PHASES} phases.`, { newPhases: `At most ${MAX_PHASES} phases in all.` });
  for (const name of added) {
    const parsed = phaseName.safeParse(name);
    if (!parsed.success) throw new DomainError("validation_failed", parsed.error.issues[0]!.message, { newPhases: parsed.error.issues[0]!.message });
  }
  await deletePhases(tx, practiceId, programId, edits.filter((e) => e.remove).map((e) => e.id));
  // Positions are unique per program: park everyone out of the way first, then set the final order.
  for (const [i, e] of kept.entries()) await setPhase(tx, practiceId, e.id, { position: -(i + 1) });
  for (const [i, e] of kept.entries()) await setPhase(tx, practiceId, e.id, { position: i + 1, name: e.name });
  await insertPhases(tx, practiceId, programId, added, kept.length + 1);
  return [current.map((p) => p.name), [...kept.map((e) => e.name), ...added]];
}
