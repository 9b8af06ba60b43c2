// SOAP notes are clinical records: never overwritten. An edit is a new revision; the old text stays readable.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { recordAudit } from "../queries/audit-log.js";
import { insertNoteRevision, listNoteRevisions, type SoapText } from "../queries/soap-notes.js";
import { DomainError, pgErrorOf } from "../lib/errors.js";
import { findAttendee } from "../queries/sessions.js";
import { claimSubmission, recordSubmissionResult } from "../queries/form-submissions.js";
import { isUuid } from "../lib/ids.js";

const part = (label: string) => z.string({ error: `${label} must be text.` }).max(20_000, `${label} is at most 20,000 characters.`)
  .transform((v) => v.replace(/\r\n/g, "\n").trim()).optional().transform((v) => v ?? "");

export const soapForm = z.object({
  subjective: part("Subjective"), objective: part("Objective"), assessment: part("Assessment"), plan: part("Plan"),
  sessionId: z.string().optional().transform((v) => (v && isUuid(v) ? v : null)),
}).refine((n) => n.subjective || n.objective || n.assessment || n.plan, { message: "Write at least one of the four parts.", path: ["_form"] });

export const soapRevisionForm = z.object({
  // The revision the practitioner was looking at: if someone saved since, we say so instead of overwriting.
  baseRevision: z.coerce.number({ error: "The form is missing its revision." }).int().min(1),
}).and(soapForm);

export async function createSoapNote(db: Db, practiceId: string, clientId: string, authorId: string, text: SoapText, sessionId: string | null = null, submission?: string | null) {
  // A note documents one of this client's sessions, or none: never another client's session.
  if (sessionId && !(await findAttendee(db, practiceId, sessionId, clientId))) {
    throw new DomainError("validation_failed", "Choose one of this client's sessions.", { sessionId: "Choose one of this client's sessions." });
  }
  const noteId = randomUUID();
  return db.transaction(async (tx) => {
    // The same form sent twice (a double tap, a retry) makes one note: the retry answers with it.
    const claim = submission ? await claimSubmission(tx, practiceId, submission) : null;
    const made = claim && !claim.first && claim.resultId ? (await listNoteRevisions(tx, practiceId, clientId, claim.resultId))[0]?.note : null;
    if (made) return made;
    const note = await insertNoteRevision(tx, practiceId, { ...text, id: noteId, noteId, clientId, revision: 1, revisionOf: null, authorId, sessionId });
    if (submission) await recordSubmissionResult(tx, practiceId, submission, noteId);
    await recordAudit(tx, practiceId, { actorUserId: authorId, action: "create", entity: "soap_note", entityId: noteId, diff: { clientId, revision: 1 } });
    return note;
  });
}

const staleEdit = (by: string | null) =>
  new DomainError("conflict", `${by ?? "Someone"} saved this note while you were editing. Your text is still in the form: compare it with the latest version and save again.`);

/** Saves revision n+1. Returns null when the note is not this client's; the unchanged note when nothing changed. */
export async function reviseSoapNote(db: Db, practiceId: string, clientId: string, noteId: string, authorId: string, baseRevision: number, text: SoapText) {
  try {
    return await db.transaction(async (tx) => {
      const [latest] = await listNoteRevisions(tx, practiceId, clientId, noteId);
      if (!latest) return null;
      if (latest.note.revision !== baseRevision) throw staleEdit(latest.authorName);
      const same = (["subjective", "objective", "assessment", "plan"] as const).every((k) => latest.note[k] === text[k]);
      if (same) return latest.note;
      const revision = latest.note.revision + 1;
      const note = await insertNoteRevision(tx, practiceId, { ...text, noteId, clientId, revision, revisionOf: latest.note.id, authorId, sessionId: latest.note.sessionId });
      await recordAudit(tx, practiceId, { actorUserId: authorId, action: "revise", entity: "soap_note", entityId: noteId, diff: { clientId, revision } });
      return note;
    });
  } catch (error) {
    // Two saves of the same revision at once: the unique (note_id, revision) lets only one through.
    if (pgErrorOf(error)?.constraint === "soap_notes_note_revision_key") throw staleEdit(null);
    throw error;
  }
}
