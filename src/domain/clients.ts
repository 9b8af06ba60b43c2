// Client records: validation shared by the form and the API, and writes that are audited.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { claimSubmission, recordSubmissionResult } from "../queries/form-submissions.js";
import { clientStatuses, type Client } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { isCalendarDate } from "../lib/time.js";
import { changedFields, recordAudit } from "../queries/audit-log.js";
import { findClient, findClientByEmail, findClientForUpdate, insertClient, updateClientRow, type ClientValues } from "../queries/clients.js";
import { DomainError, pgErrorOf } from "../lib/errors.js";

/** Optional text: blank means "none" (null), so clearing a field in the form clears it in the record. */
const optionalText = (max: number, label: string) =>
  z.string({ error: `${label} must be text.` }).trim().max(max, `${label} is at most ${max} characters.`)
    .transform((v) => (v === "" ? null : v)).nullable();

const dateOfBirth = (today: string) =>
  z.string({ error: "Write the date of birth as a date." }).trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      if (!isCalendarDate(v)) ctx.addIssue({ code: "custom", message: "Write the date of birth as YYYY-MM-DD." });
      else if (v > today) ctx.addIssue({ code: "custom", message: "The date of birth cannot be in the future." });
      else if (v < "1900-01-01") ctx.addIssue({ code: "custom", message: "The date of birth must be after 1900." });
      return v;
    }).nullable();

/**
 * One schema for the form and the API. `today` is the practice's date, so "not in the future" means
 * in the practice's time zone, not the server's.
 */
export function clientFields(today: string) {
  return z.object({
    firstName: field.personName.pipe(z.string().max(100, "Keep it under 100 characters.")),
    lastName: field.personName.pipe(z.string().max(100, "Keep it under 100 characters.")),
    email: z.string({ error: "Enter an email address, or leave it empty." }).trim().nullable()
      .transform((v) => v || null).pipe(field.email.nullable()),
    phone: optionalText(40, "The phone number"),
    address: optionalText(500, "The address"),
    dateOfBirth: dateOfBirth(today),
    notes: optionalText(5000, "Health notes"),
    status: z.enum(clientStatuses, { error: "Status is active, inactive or archived." }),
  });
}

/** The HTML form: missing optional fields are blank, status defaults to active. */
export const clientForm = (today: string) => clientFields(today).partial({ email: true, phone: true, address: true, dateOfBirth: true, notes: true, status: true })
  .transform((v) => ({ email: null, phone: null, address: null, dateOfBirth: null, notes: null, status: "active" as const, ...v }));

const CLIENT_EMAIL_KEY = "clients_practice_email_key";

/** A duplicate email names the client who already has it: the practitioner probably wants that record. */
async function duplicateEmailError(db: Db, practiceId: string, email: string) {
  const existing = await findClientByEmail(db, practiceId, email);
  const who = existing ? `${existing.firstName} ${existing.lastName}` : "another client";
  return new DomainError("conflict", `${who} already has the email ${email}.`, { email: `${who} already has this email.` },
    existing ? { existingClientId: existing.id } : undefined);
}

function isDuplicateEmail(error: unknown) {
  const pg = pgErrorOf(error);
  return pg?.code === "23505" && pg.constraint === CLIENT_EMAIL_KEY;
}

/** With a form's `submission` key, a retry answers with the client the first submission made. */
export async function createClient(db: Db, practiceId: string, actorUserId: string, values: ClientValues, submission?: string | null): Promise<Client> {
  try {
    return await db.transaction(async (tx) => {
      const claim = submission ? await claimSubmission(tx, practiceId, submission) : null;
      const made = claim && !claim.first && claim.resultId ? await findClient(tx, practiceId, claim.resultId) : null;
      if (made) return made;
      const client = await insertClient(tx, practiceId, values);
      if (submission) await recordSubmissionResult(tx, practiceId, submission, client.id);
      await recordAudit(tx, practiceId, { actorUserId, action: "create", entity: "client", entityId: client.id });
      return client;
    });
  } catch (error) {
    if (isDuplicateEmail(error) && values.email) throw await duplicateEmailError(db, practiceId, values.email);
    throw error;
  }
}

/** Applies the given fields only (a PUT may send a part), audits what changed; null when not in this practice. */
export async function updateClient(db: Db, practiceId: string, actorUserId: string, clientId: string, values: Partial<ClientValues>) {
  try {
    return await db.transaction(async (tx) => {
      const before = await findClientForUpdate(tx, practiceId, clientId);
      if (!before) return null;
      const diff = changedFields(before as unknown as Record<string, unknown>, values);
      if (!Object.keys(diff).length) return before;
      const client = await updateClientRow(tx, practiceId, clientId, values);
      const action = diff.status ? (values.status === "archived" ? "archive" : before.status === "archived" ? "unarchive" : "update") : "update";
      await recordAudit(tx, practiceId, { actorUserId, action, entity: "client", entityId: clientId, diff });
      return client;
    });
  } catch (error) {
    if (isDuplicateEmail(error) && values.email) throw await duplicateEmailError(db, practiceId, values.email);
    throw error;
  }
}
