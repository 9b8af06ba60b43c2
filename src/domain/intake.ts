// The portal's intake form: the client's contact details (their own columns on the client record) and their
// health answers with the consent they gave (clients.intake). Health answers are clinical data: the client
// page shows them wherever it shows SOAP notes.
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Client, IntakeAnswers } from "../db/schema.js";
import { DomainError } from "../lib/errors.js";
import { recordAudit } from "../queries/audit-log.js";
import { setClientIntake } from "../queries/clients.js";
import { clientFields, updateClient } from "./clients.js";

/**
 * What the client agrees to. A new wording gets a new version (the date it took effect), and each intake
 * keeps the exact text and version its client agreed to, so an old consent still reads as it was given.
 */
export const CONSENT = {
  version: "2026-12-01",
  text: "I agree that this practice keeps what I write on this form, together with the notes it makes about my "
    + "sessions, as my confidential health record. It is used only to care for me, is seen only by the practice's "
    + "staff, and is not shared with anyone else unless I agree or the law requires it. I can ask to see it, to "
    + "correct it, or for a copy at any time.",
} as const;

const optionalText = (max: number, label: string) =>
  z.string({ error: `${label} must be text.` }).trim().max(max, `${label} is at most ${max} characters.`);

/**
 * One schema for the form. Phone, address and date of birth are the client record's own rules (the same
 * words as on the practitioner's client form); `today` is the practice's date, so a birth date cannot be in
 * its future. The consent box must be ticked, and for the text this version shows: a form drawn before a new
 * wording was published would otherwise record agreement to a text the client never saw.
 */
export function intakeForm(today: string) {
  const record = clientFields(today);
  return z.object({
    phone: record.shape.phone.optional().transform((v) => v ?? null),
    address: record.shape.address.optional().transform((v) => v ?? null),
    dateOfBirth: record.shape.dateOfBirth.optional().transform((v) => v ?? null),
    healthNotes: optionalText(5000, "Health notes").default(""),
    emergencyContactName: optionalText(120, "The emergency contact's name").default(""),
    emergencyContactPhone: record.shape.phone.optional().transform((v) => v ?? ""),
    consent: z.literal("yes", { error: "Tick “I agree” to send the form: the practice needs your consent to keep these notes." }),
    consentVersion: z.string({ error: "Read the consent again: it has changed." })
      .refine((v) => v === CONSENT.version, "The consent text has changed since this page was opened: read it again, then tick “I agree”."),
  });
}
export type IntakeInput = z.infer<ReturnType<typeof intakeForm>>;

/** The form's values for a client: their contact columns and their last answers. */
export function intakeFormValues(client: Client): Record<string, string> {
  const intake = client.intake;
  return {
    phone: client.phone ?? "", address: client.address ?? "", dateOfBirth: client.dateOfBirth ?? "",
    healthNotes: intake?.healthNotes ?? "", emergencyContactName: intake?.emergencyContactName ?? "",
    emergencyContactPhone: intake?.emergencyContactPhone ?? "",
  };
}

/**
 * Saves the client's intake: the contact columns through the client record's own audited update, the answers
 * with the consent text, its version and the time. The audit entry names the answers that changed but not
 * their content: the log is read under looser rules than health data.
 */
export async function saveIntake(db: Db, practiceId: string, actorUserId: string, clientId: string, input: IntakeInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const contact = await updateClient(tx, practiceId, actorUserId, clientId, { phone: input.phone, address: input.address, dateOfBirth: input.dateOfBirth });
    if (!contact) throw new DomainError("not_found", "There is no such client in this practice.");
    const intake: IntakeAnswers = {
      healthNotes: input.healthNotes, emergencyContactName: input.emergencyContactName, emergencyContactPhone: input.emergencyContactPhone,
      consent: { version: CONSENT.version, text: CONSENT.text, at: now.toISOString() },
      submittedAt: now.toISOString(),
    };
    const before = contact.intake;
    const changed = (["healthNotes", "emergencyContactName", "emergencyContactPhone"] as const).filter((k) => before?.[k] !== intake[k]);
    const client = await setClientIntake(tx, practiceId, clientId, intake);
    await recordAudit(tx, practiceId, {
      actorUserId, action: before ? "update_intake" : "submit_intake", entity: "client", entityId: clientId,
      diff: { answersChanged: changed, consentVersion: CONSENT.version },
    });
    return client!;
  });
}
