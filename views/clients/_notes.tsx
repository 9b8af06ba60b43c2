import type { SoapNote } from "../../src/db/schema.js";
import { formatDateTime, formatDay, formatTime, localParts } from "../../src/lib/time.js";
import type { ClientBooking } from "../../src/queries/sessions.js";
import { ChoiceField, FormError, TextArea, type FieldErrors, type FormValues, SubmissionKey } from "../components/fields.js";

export type CurrentNote = { note: SoapNote; authorName: string | null; revisions: number };
type SessionChoice = ClientBooking;

const parts = [["subjective", "Subjective"], ["objective", "Objective"], ["assessment", "Assessment"], ["plan", "Plan"]] as const;

const SoapFields = ({ values, errors, prefix }: { values: FormValues; errors?: FieldErrors; prefix: string }) => (
  <>
    {parts.map(([name, label]) => (
      // Ids are prefixed so a new-note form and an edit form can be on one page with unique labels.
      <TextArea name={name} label={label} value={values[name]} errors={errors} rows={name === "plan" ? 3 : 2} maxlength={20000} idPrefix={prefix} />
    ))}
  </>
);

const NoteText = ({ note }: { note: SoapNote }) => (
  <dl class="soap">
    {parts.map(([name, label]) => note[name] ? <><dt>{label}</dt><dd>{note[name]}</dd></> : null)}
  </dl>
);

const byline = (n: CurrentNote | { note: SoapNote; authorName: string | null }, timezone: string) =>
  `${n.authorName ?? "A former colleague"} · ${formatDateTime(n.note.createdAt, timezone)}`;

/** One note, self-replacing: Edit swaps the form in, Save swaps the new revision back. */
export const NoteCard = ({ clientId, current, timezone }: { clientId: string; current: CurrentNote; timezone: string }) => {
  const { note } = current;
  const url = `/clients/${clientId}/notes/${note.noteId}`;
  return (
    <article id={`note-${note.noteId}`} class="note">
      <header>
        <span class="muted">{byline(current, timezone)}{note.revision > 1 ? ` · revision ${note.revision}` : ""}</span>
        <span class="note-actions">
          <a href={`${url}/edit`} hx-get={`${url}/edit`} hx-target={`#note-${note.noteId}`} hx-swap="outerHTML">Edit</a>
          {current.revisions > 1 ? <a href={url}>History ({current.revisions - 1} earlier)</a> : null}
        </span>
      </header>
      {note.sessionId ? <p class="small"><a href={`/sessions/${note.sessionId}`}>The session this note documents</a></p> : null}
      <NoteText note={note} />
    </article>
  );
};

export const NoteEditForm = ({ clientId, note, values, errors }: { clientId: string; note: SoapNote; values: FormValues; errors?: FieldErrors }) => {
  const url = `/clients/${clientId}/notes/${note.noteId}`;
  return (
    <form id={`note-${note.noteId}`} class="note stack" method="post" action={url} hx-post={url} hx-target="this" hx-swap="outerHTML">
      <FormError errors={errors} />
      <input type="hidden" name="baseRevision" value={String(values.baseRevision ?? note.revision)} />
      <SoapFields values={values} errors={errors} prefix={`edit-${note.noteId}-`} />
      <div class="actions">
        <button type="submit" class="primary">Save as revision {note.revision + 1}</button>
        <a href={`/clients/${clientId}#notes`} hx-get={url} hx-target={`#note-${note.noteId}`} hx-swap="outerHTML">Cancel</a>
      </div>
    </form>
  );
};

/** Folded away until wanted, so the latest notes are what the practitioner sees first; open when it has errors. */
export const NewNoteForm = ({ clientId, values = {}, errors, sessions = [], timezone }: { clientId: string; values?: FormValues; errors?: FieldErrors; sessions?: SessionChoice[]; timezone: string }) => (
  // Open when it has errors, or when a completed session's "Write the SOAP note" chose the session.
  <details id="new-note" class="new-note" open={errors || values.sessionId ? true : undefined}>
    <summary>New SOAP note</summary>
    <form id="new-note-form" class="stack" method="post" action={`/clients/${clientId}/notes`}
      hx-post={`/clients/${clientId}/notes`} hx-target="#client-notes" hx-swap="outerHTML">
      <FormError errors={errors} />
      <SubmissionKey value={values.submission} />
      {sessions.length ? (
        <ChoiceField name="sessionId" label="For the session (optional)" value={values.sessionId} errors={errors}
          choices={[["", "No particular session"], ...sessions.map((b) => [b.session.id,
            `${formatDay(localParts(b.session.startTime, timezone).date)} ${formatTime(b.session.startTime, timezone)} ${b.serviceName ?? b.session.title ?? "Session"}`] as const)]} />
      ) : null}
      <SoapFields values={values} errors={errors} prefix="new-" />
      <button type="submit" class="primary">Add note</button>
    </form>
  </details>
);

/** The notes section of the client page; posting a new note swaps the whole section (form cleared, note on top). */
export const NotesSection = ({ clientId, notes, sessions, timezone, formValues, formErrors }: {
  clientId: string; notes: CurrentNote[]; sessions?: SessionChoice[]; timezone: string; formValues?: FormValues; formErrors?: FieldErrors;
}) => (
  <section id="client-notes" class="card" aria-labelledby="notes-heading">
    <h2 id="notes-heading">Notes</h2>
    <NewNoteForm clientId={clientId} values={formValues} errors={formErrors} sessions={sessions} timezone={timezone} />
    {notes.length ? notes.map((n) => <NoteCard clientId={clientId} current={n} timezone={timezone} />)
      : <p class="empty">No notes yet. SOAP notes you add here keep every earlier version.</p>}
  </section>
);

export const NoteHistory = ({ clientId, clientName, revisions, timezone }: {
  clientId: string; clientName: string; revisions: Array<{ note: SoapNote; authorName: string | null }>; timezone: string;
}) => (
  <>
    <p><a href={`/clients/${clientId}#notes`}>← {clientName}</a></p>
    <h1>Note history</h1>
    <p class="muted">{revisions.length} revisions, newest first. Earlier revisions are kept unchanged.</p>
    {revisions.map((r) => (
      <article class="note card" id={`revision-${r.note.revision}`}>
        <header><strong>Revision {r.note.revision}</strong> <span class="muted">{byline(r, timezone)}</span></header>
        <NoteText note={r.note} />
      </article>
    ))}
  </>
);
