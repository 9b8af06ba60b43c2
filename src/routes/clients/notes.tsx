import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { createSoapNote, reviseSoapNote, soapForm, soapRevisionForm } from "../../domain/soap-notes.js";
import { formFailure, type FormFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, submissionOf } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { loadNotesSection } from "../../pages/client-page.js";
import { listNoteRevisions } from "../../queries/soap-notes.js";
import { withClient, withNote } from "../../scopes.js";
import { NoteCard, NoteEditForm, NoteHistory, NotesSection } from "../../../views/clients/_notes.js";

async function renderSection<E extends AppEnv & { Variables: { client: Client } }>(c: Context<E>, form?: { values: Record<string, string>; errors: Record<string, string> }) {
  const section = await loadNotesSection(c.var.db, c.var.practiceId, c.var.client.id);
  return <NotesSection clientId={c.var.client.id} {...section} timezone={c.var.practice.timezone} formValues={form?.values} formErrors={form?.errors} />;
}

const editPage = (form: unknown) => <><h1>Edit note</h1>{form}</>;

// Mounted at /clients/:clientId/notes: every note is found through the client, in the practice.
export const clientNotes = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = soapForm.safeParse(values);
    const failed: FormFailure | null = !form.success ? { status: 422, errors: fieldErrors(form.error) }
      : await createSoapNote(c.var.db, c.var.practiceId, c.var.client.id, c.var.user!.id, form.data, form.data.sessionId, submissionOf(values))
        .then(() => null, (error) => formFailure(error, values));
    if (failed) {
      c.status(failed.status);
      const section = await renderSection(c, { values, errors: failed.errors });
      return pageOrFragment(c, "New note", section, section);
    }
    if (isHtmx(c)) return c.html(await renderSection(c));
    setFlash(c, "Note added.");
    return c.redirect(`/clients/${c.var.client.id}#notes`, 303);
  })

  .use("/:noteId/*", withNote)

  // The note itself: its card for htmx (after Cancel), its full history as a page.
  .get("/:noteId", (c) => {
    const { client, noteRevisions: revisions } = c.var;
    const timezone = c.var.practice.timezone;
    if (isHtmx(c)) return c.html(<NoteCard clientId={client.id} current={{ ...revisions[0]!, revisions: revisions.length }} timezone={timezone} />);
    const name = `${client.firstName} ${client.lastName}`;
    return c.render(<NoteHistory clientId={client.id} clientName={name} revisions={revisions} timezone={timezone} />, { title: `Note history · ${name}` });
  })

  .get("/:noteId/edit", (c) => {
    const latest = c.var.noteRevisions[0]!.note;
    const form = <NoteEditForm clientId={c.var.client.id} note={latest} values={{ ...latest, baseRevision: latest.revision }} />;
    return pageOrFragment(c, "Edit note", form, editPage(form));
  })

  .post("/:noteId", async (c) => {
    const clientId = c.var.client.id;
    const latest = c.var.noteRevisions[0]!.note;
    const values = await readForm(c);
    const form = soapRevisionForm.safeParse(values);
    if (!form.success) {
      c.status(422);
      const retry = <NoteEditForm clientId={clientId} note={latest} values={values} errors={fieldErrors(form.error)} />;
      return pageOrFragment(c, "Edit note", retry, editPage(retry));
    }
    try {
      const { baseRevision, sessionId: _ignored, ...text } = form.data;
      await reviseSoapNote(c.var.db, c.var.practiceId, clientId, latest.noteId, c.var.user!.id, baseRevision, text);
    } catch (error) {
      // Someone saved first: keep what they typed; the form now offers to save on top of the newest revision.
      const failed = formFailure(error, values);
      c.status(failed.status);
      const fresh = (await listNoteRevisions(c.var.db, c.var.practiceId, clientId, latest.noteId))[0]!.note;
      const retry = <NoteEditForm clientId={clientId} note={fresh} values={{ ...values, baseRevision: fresh.revision }} errors={failed.errors} />;
      return pageOrFragment(c, "Edit note", retry, editPage(retry));
    }
    const revisions = await listNoteRevisions(c.var.db, c.var.practiceId, clientId, latest.noteId);
    if (isHtmx(c)) return c.html(<NoteCard clientId={clientId} current={{ ...revisions[0]!, revisions: revisions.length }} timezone={c.var.practice.timezone} />);
    setFlash(c, "Note saved as a new revision.");
    return c.redirect(`/clients/${clientId}#notes`, 303);
  });
