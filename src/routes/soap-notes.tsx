import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { clientOr404, isUuid } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { createSoapNote, reviseSoapNote, soapForm, soapRevisionForm } from "../domain/soap-notes.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { isHtmx, pageOrFragment } from "../lib/htmx.js";
import { listCurrentNotes, listNoteRevisions } from "../queries/soap-notes.js";
import { listClientBookings } from "../queries/sessions.js";
import { NoteCard, NoteEditForm, NoteHistory, NotesSection } from "../../views/clients/_notes.js";

// Mounted at /clients/:clientId/notes: every lookup goes through the client, scoped to the practice.
const client = (c: Context<AppEnv>) => clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));

async function revisionsOr404(c: Context<AppEnv>, clientId: string) {
  const noteId = c.req.param("noteId");
  const revisions = isUuid(noteId) ? await listNoteRevisions(c.var.db, c.var.practiceId, clientId, noteId) : [];
  if (!revisions.length) throw new DomainError("not_found", "There is no such note for this client.");
  return revisions;
}

export async function notesSection(c: Context<AppEnv>, clientId: string, form?: { values: Record<string, string>; errors: Record<string, string> }) {
  const [notes, bookings] = await Promise.all([
    listCurrentNotes(c.var.db, c.var.practiceId, clientId),
    listClientBookings(c.var.db, c.var.practiceId, clientId, new Date()),
  ]);
  return <NotesSection clientId={clientId} notes={notes} sessions={bookings.past} timezone={c.var.practice.timezone} formValues={form?.values} formErrors={form?.errors} />;
}

export const soapNotes = new Hono<AppEnv>()
  .use(requireStaff)

  .post("/", async (c) => {
    const { id: clientId } = await client(c);
    const values = await readForm(c);
    const form = soapForm.safeParse(values);
    if (!form.success) {
      c.status(422);
      const section = await notesSection(c, clientId, { values, errors: fieldErrors(form.error) });
      return pageOrFragment(c, "New note", section, section);
    }
    const { sessionId, ...text } = form.data;
    try {
      await createSoapNote(c.var.db, c.var.practiceId, clientId, c.var.user!.id, text, sessionId);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      c.status(422);
      const section = await notesSection(c, clientId, { values, errors: error.fields });
      return pageOrFragment(c, "New note", section, section);
    }
    if (isHtmx(c)) return c.html(await notesSection(c, clientId));
    setFlash(c, "Note added.");
    return c.redirect(`/clients/${clientId}#notes`, 303);
  })

  // The note itself: its card for htmx (after Cancel), its full history as a page.
  .get("/:noteId", async (c) => {
    const found = await client(c);
    const revisions = await revisionsOr404(c, found.id);
    const timezone = c.var.practice.timezone;
    if (isHtmx(c)) return c.html(<NoteCard clientId={found.id} current={{ ...revisions[0]!, revisions: revisions.length }} timezone={timezone} />);
    const name = `${found.firstName} ${found.lastName}`;
    return c.render(<NoteHistory clientId={found.id} clientName={name} revisions={revisions} timezone={timezone} />, { title: `Note history · ${name}` });
  })

  .get("/:noteId/edit", async (c) => {
    const { id: clientId } = await client(c);
    const [latest] = await revisionsOr404(c, clientId);
    const form = <NoteEditForm clientId={clientId} note={latest!.note} values={{ ...latest!.note, baseRevision: latest!.note.revision }} />;
    return pageOrFragment(c, "Edit note", form, <><h1>Edit note</h1>{form}</>);
  })

  .post("/:noteId", async (c) => {
    const { id: clientId } = await client(c);
    const [latest] = await revisionsOr404(c, clientId);
    const values = await readForm(c);
    const form = soapRevisionForm.safeParse(values);
    const editForm = (errors: Record<string, string>) =>
      <NoteEditForm clientId={clientId} note={latest!.note} values={values} errors={errors} />;
    if (!form.success) {
      c.status(422);
      return pageOrFragment(c, "Edit note", editForm(fieldErrors(form.error)), <><h1>Edit note</h1>{editForm(fieldErrors(form.error))}</>);
    }
    try {
      const { baseRevision, sessionId: _ignored, ...text } = form.data;
      await reviseSoapNote(c.var.db, c.var.practiceId, clientId, latest!.note.noteId, c.var.user!.id, baseRevision, text);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "conflict") throw error;
      // Keep what they typed; the form now offers to save on top of the newest revision.
      c.status(409);
      const fresh = (await listNoteRevisions(c.var.db, c.var.practiceId, clientId, latest!.note.noteId))[0]!;
      const retry = <NoteEditForm clientId={clientId} note={fresh.note} values={{ ...values, baseRevision: fresh.note.revision }} errors={{ _form: error.message }} />;
      return pageOrFragment(c, "Edit note", retry, <><h1>Edit note</h1>{retry}</>);
    }
    const revisions = await listNoteRevisions(c.var.db, c.var.practiceId, clientId, latest!.note.noteId);
    if (isHtmx(c)) return c.html(<NoteCard clientId={clientId} current={{ ...revisions[0]!, revisions: revisions.length }} timezone={c.var.practice.timezone} />);
    setFlash(c, "Note saved as a new revision.");
    return c.redirect(`/clients/${clientId}#notes`, 303);
  });
