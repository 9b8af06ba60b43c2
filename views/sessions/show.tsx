import type { Client } from "../../src/db/schema.js";
import { formatDay, formatTime, localParts, toLocalInput } from "../../src/lib/time.js";
import type { SessionView } from "../../src/queries/sessions.js";
import { FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";
import { ClientPicker } from "../clients/_picker.js";
import { AttendeeRow } from "./_attendee.js";
import { attendeeSummary, sessionLabel } from "../../src/lib/session-label.js";

const statusText: Record<string, string> = { scheduled: "Scheduled", completed: "Completed", canceled: "Canceled", no_show: "No-show" };

/** The session's summary and status buttons: a status change swaps this block only. */
export const SessionSummary = ({ view, timezone, errors }: { view: SessionView; timezone: string; errors?: FieldErrors }) => {
  const { session } = view;
  const base = `/sessions/${session.id}/status`;
  const swap = { "hx-post": base, "hx-target": "#session-summary", "hx-swap": "outerHTML" };
  return (
    <section id="session-summary" class="card">
      <div class="page-head">
        <h1>{sessionLabel(view)} <span class={`badge ${session.status}`}>{statusText[session.status]}</span></h1>
      </div>
      <FormError errors={errors} />
      <dl class="contact">
        <dt>When</dt><dd>{formatDay(localParts(session.startTime, timezone).date)}, {formatTime(session.startTime, timezone)}–{formatTime(session.endTime, timezone)} <span class="muted small">({timezone})</span></dd>
        <dt>With</dt><dd>{view.practitionerName}</dd>
        {session.location ? <><dt>Where</dt><dd>{session.location}</dd></> : null}
        <dt>Booked</dt><dd>{attendeeSummary(view)}</dd>
        {session.notes ? <><dt>Notes</dt><dd class="pre">{session.notes}</dd></> : null}
        {session.cancelReason ? <><dt>Canceled because</dt><dd>{session.cancelReason}</dd></> : null}
      </dl>
      <div class="actions status-actions">
        {session.status === "scheduled" ? (
          <>
            <form method="post" action={base} {...swap}><input type="hidden" name="status" value="completed" /><button type="submit">Mark completed</button></form>
            <form method="post" action={base} {...swap}><input type="hidden" name="status" value="no_show" /><button type="submit">Mark no-show</button></form>
            <form method="post" action={base} {...swap} class="inline-cancel">
              <input type="hidden" name="status" value="canceled" />
              <label for="cancelReason">Reason</label>
              <input id="cancelReason" name="cancelReason" maxlength={200} placeholder="e.g. client ill" />
              <button type="submit">Cancel session</button>
            </form>
          </>
        ) : (
          <form method="post" action={base} {...swap}><input type="hidden" name="status" value="scheduled" /><button type="submit">Back to scheduled</button></form>
        )}
      </div>
    </section>
  );
};

export const AttendeeList = ({ view, timezone, big }: { view: SessionView; timezone: string; big?: boolean }) => (
  <ul class="attendees">
    {view.attendees.map((a) => <AttendeeRow sessionId={view.session.id} a={a} timezone={timezone} big={big} />)}
    {view.attendees.length ? null : <li class="empty">No one booked yet.</li>}
  </ul>
);

export const AddAttendeesForm = ({ sessionId, errors, selected = [], offerDropIn }: { sessionId: string; errors?: FieldErrors; selected?: Client[]; offerDropIn?: boolean }) => (
  <form id="add-attendees" method="post" action={`/sessions/${sessionId}/attendees`} class="stack">
    <FormError errors={errors} />
    {offerDropIn ? (
      <div class="offer actions">
        <button type="submit" name="dropIn" value="on">Book as a paid drop-in</button>
        {selected.map((c) => <a href={`/clients/${c.id}#programs`}>Sell {c.firstName} a new package</a>)}
      </div>
    ) : null}
    <ClientPicker legend="Add attendees" selected={selected} matches={[]} q="" />
    <button type="submit" class="primary">Add selected</button>
  </form>
);

export const RescheduleForm = ({ view, timezone, values, errors }: { view: SessionView; timezone: string; values?: FormValues; errors?: FieldErrors }) => {
  const { session } = view;
  const v = values ?? { start: toLocalInput(session.startTime, timezone), end: toLocalInput(session.endTime, timezone), location: session.location ?? "", capacity: String(session.capacity), notes: session.notes ?? "" };
  return (
    <form id="reschedule" method="post" action={`/sessions/${session.id}`} class="card stack">
      <h2>Change time or details</h2>
      <FormError errors={errors} />
      <div class="two-up">
        <TextField name="start" label="Starts" type="datetime-local" value={v.start} errors={errors} required />
        <TextField name="end" label="Ends" type="datetime-local" value={v.end} errors={errors} required />
      </div>
      <div class="two-up">
        <TextField name="location" label="Location" value={v.location} errors={errors} maxlength={200} />
        <TextField name="capacity" label="Capacity" type="number" inputmode="numeric" min={1} max={500} value={v.capacity} errors={errors} required />
      </div>
      <TextArea name="notes" label="Notes" value={v.notes} errors={errors} rows={2} maxlength={2000} />
      <button type="submit">Save changes</button>
    </form>
  );
};

export const SessionPage = ({ view, timezone, attendeeErrors, attendeeSelected, offerDropIn, rescheduleValues, rescheduleErrors }: {
  view: SessionView; timezone: string; attendeeErrors?: FieldErrors; attendeeSelected?: Client[]; offerDropIn?: boolean; rescheduleValues?: FormValues; rescheduleErrors?: FieldErrors;
}) => (
  <>
    <p><a href={`/calendar?view=day&date=${localParts(view.session.startTime, timezone).date}`}>← Calendar</a></p>
    <SessionSummary view={view} timezone={timezone} />
    <section class="card" aria-labelledby="attendees-heading">
      <h2 id="attendees-heading">Attendees</h2>
      <AttendeeList view={view} timezone={timezone} />
      {view.session.status === "scheduled" ? <AddAttendeesForm sessionId={view.session.id} errors={attendeeErrors} selected={attendeeSelected} offerDropIn={offerDropIn} /> : null}
    </section>
    <RescheduleForm view={view} timezone={timezone} values={rescheduleValues} errors={rescheduleErrors} />
  </>
);
