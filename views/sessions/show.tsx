import type { Client } from "../../src/db/schema.js";
import { formatDay, formatTime, localParts, toLocalInput } from "../../src/lib/time.js";
import type { SessionView } from "../../src/queries/sessions.js";
import { FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";
import { ClientPicker } from "../clients/_picker.js";
import { confirmFirst } from "../components/confirm.js";
import type { LeftOut } from "../../src/domain/session-status.js";
import { AttendeeRow } from "./_attendee.js";
import { attendeeSummary, sessionLabel } from "../../src/lib/session-label.js";
import type { SessionNotifications } from "../../src/pages/notifications.js";
import { SessionNotificationsSection } from "../notifications/_log.js";
import type { SessionPrompt } from "../../src/pages/follow-ups-page.js";
import { SessionFollowUpPrompt } from "../follow-ups/_prompt.js";

const statusText: Record<string, string> = { scheduled: "Scheduled", completed: "Completed", canceled: "Canceled", no_show: "No-show" };

const whoCanceled: Record<string, string> = { client: "the client", practice: "the practice" };

/** What cancelling does to the people booked, said before it is done (the dialog and the no-JS page). */
export function cancelConsequence(view: SessionView, windowHours: number) {
  const booked = activeAttendees(view).length;
  if (!booked) return "No one is booked into it.";
  const people = booked === 1 ? "1 person is booked" : `${booked} people are booked`;
  return `${people}. Canceled by the practice, every package credit is returned; canceled by the client, a credit inside the ${windowHours}-hour window is kept.`;
}

const activeAttendees = (view: SessionView) => view.attendees.filter((a) => a.attendee.attendanceStatus === "registered" || a.attendee.attendanceStatus === "attended");

/** Scheduled: completed and no-show once it has started, and a cancel that asks who canceled. */
function ScheduledActions({ view, timezone, windowHours, now }: { view: SessionView; timezone: string; windowHours: number; now: Date }) {
  const { session } = view;
  const base = `/sessions/${session.id}/status`;
  const swap = { "hx-post": base, "hx-target": "#session-detail", "hx-swap": "outerHTML" };
  const started = now >= session.startTime;
  const anyoneBooked = activeAttendees(view).length > 0;
  return (
    <>
      {started ? (
        <>
          <form method="post" action={base} {...swap}><input type="hidden" name="status" value="completed" /><button type="submit">Mark completed</button></form>
          <form method="post" action={base} {...swap}><input type="hidden" name="status" value="no_show" /><button type="submit">Mark no-show</button></form>
        </>
      ) : <p class="small muted">Completed and no-show can be marked once it starts at {formatTime(session.startTime, timezone)}.</p>}
      <form method="post" action={base} {...swap} {...confirmFirst(`Cancel this session? ${cancelConsequence(view, windowHours)}`)} class="inline-cancel">
        <input type="hidden" name="status" value="canceled" />
        {anyoneBooked ? (
          <fieldset class="choice">
            <legend>Who canceled?</legend>
            <label><input type="radio" name="canceledBy" value="client" required /> The client (the {windowHours}-hour window applies)</label>
            <label><input type="radio" name="canceledBy" value="practice" required /> The practice (credits returned)</label>
          </fieldset>
        ) : null}
        <label for="cancelReason">Reason</label>
        <input id="cancelReason" name="cancelReason" maxlength={200} placeholder={anyoneBooked ? "e.g. client ill, practitioner ill" : "optional"} />
        <button type="submit">Cancel session</button>
      </form>
    </>
  );
}

/** The session's summary and status buttons; a status change swaps them together with the attendees. */
export const SessionSummary = ({ view, timezone, windowHours, errors, leftOut = [], now = new Date(), oob }: {
  view: SessionView; timezone: string; windowHours: number; errors?: FieldErrors; leftOut?: LeftOut[]; now?: Date;
  /** Sent along with an attendee row that changed who is booked, so "Booked 2/8" follows without a reload. */
  oob?: boolean;
}) => {
  const { session } = view;
  const base = `/sessions/${session.id}/status`;
  const swap = { "hx-post": base, "hx-target": "#session-detail", "hx-swap": "outerHTML" };
  return (
    <section id="session-summary" class="card" hx-swap-oob={oob ? "true" : undefined}>
      <div class="page-head">
        <h1>{sessionLabel(view)} <span class={`badge ${session.status}`}>{statusText[session.status]}</span></h1>
      </div>
      <FormError errors={errors} />
      {leftOut.length ? (
        <div class="form-error" role="alert">
          <p>Reinstated without:</p>
          <ul>{leftOut.map((l) => <li>{l.clientName}: {l.reason}</li>)}</ul>
        </div>
      ) : null}
      <dl class="contact">
        <dt>When</dt><dd>{formatDay(localParts(session.startTime, timezone).date)}, {formatTime(session.startTime, timezone)}–{formatTime(session.endTime, timezone)} <span class="muted small">({timezone})</span></dd>
        <dt>With</dt><dd>{view.practitionerName}</dd>
        {view.programName ? <><dt>Program</dt><dd><a href={`/programs/${session.programId}`}>{view.programName}</a>{view.phaseName ? <> · phase <strong>{view.phaseName}</strong></> : null}</dd></> : null}
        {session.location ? <><dt>Where</dt><dd>{session.location}</dd></> : null}
        <dt>Booked</dt><dd>{attendeeSummary(view)}</dd>
        {session.notes ? <><dt>Notes</dt><dd class="pre">{session.notes}</dd></> : null}
        {session.canceledBy ? <><dt>Canceled by</dt><dd>{whoCanceled[session.canceledBy]}{session.cancelReason ? `: ${session.cancelReason}` : ""}</dd></> : null}
      </dl>
      <div class="actions status-actions">
        {session.status === "scheduled" ? <ScheduledActions view={view} timezone={timezone} windowHours={windowHours} now={now} /> : (
          <form method="post" action={base} {...swap}>
            <input type="hidden" name="status" value="scheduled" />
            <button type="submit">{session.status === "completed" ? "Back to scheduled" : "Reinstate: back to scheduled"}</button>
            {session.status !== "completed" && view.attendees.some((a) => a.attendee.changedWithSession)
              ? <span class="small muted"> brings back the people it {session.status === "canceled" ? "canceled" : "marked no-show"}</span> : null}
          </form>
        )}
      </div>
    </section>
  );
};

/** Summary and attendees: what a status change can alter, swapped as one. */
export const SessionDetail = (p: { view: SessionView; timezone: string; windowHours: number; errors?: FieldErrors; leftOut?: LeftOut[];
  attendeeErrors?: FieldErrors; attendeeSelected?: Client[]; offerDropIn?: boolean;
  /** Right after "Mark completed": the SOAP note and a follow-up per client, offered in place. */
  followUpPrompt?: SessionPrompt | null }) => (
  <div id="session-detail">
    <SessionSummary view={p.view} timezone={p.timezone} windowHours={p.windowHours} errors={p.errors} leftOut={p.leftOut} />
    {p.followUpPrompt && p.view.session.status === "completed" ? <SessionFollowUpPrompt prompt={p.followUpPrompt} timezone={p.timezone} /> : null}
    <section class="card" aria-labelledby="attendees-heading">
      <h2 id="attendees-heading">Attendees</h2>
      <AttendeeList view={p.view} timezone={p.timezone} />
      {p.view.session.status === "scheduled" ? <AddAttendeesForm sessionId={p.view.session.id} errors={p.attendeeErrors} selected={p.attendeeSelected} offerDropIn={p.offerDropIn} /> : null}
    </section>
  </div>
);

export const AttendeeList = ({ view, timezone, big }: { view: SessionView; timezone: string; big?: boolean }) => (
  <ul class="attendees">
    {view.attendees.map((a) => <AttendeeRow sessionId={view.session.id} startTime={view.session.startTime} a={a} timezone={timezone} big={big} sessionCanceled={view.session.status === "canceled"} />)}
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

export const SessionPage = ({ view, timezone, notifications, windowHours, attendeeErrors, attendeeSelected, offerDropIn, rescheduleValues, rescheduleErrors, errors, leftOut, followUpPrompt }: {
  view: SessionView; timezone: string; windowHours: number; attendeeErrors?: FieldErrors; attendeeSelected?: Client[]; offerDropIn?: boolean;
  rescheduleValues?: FormValues; rescheduleErrors?: FieldErrors; errors?: FieldErrors; leftOut?: LeftOut[]; followUpPrompt?: SessionPrompt | null;
  /** Emails sent and reminders to come: the full page only. */
  notifications?: SessionNotifications;
}) => (
  <>
    <p><a href={`/calendar?view=day&date=${localParts(view.session.startTime, timezone).date}`}>← Calendar</a></p>
    <SessionDetail view={view} timezone={timezone} windowHours={windowHours} errors={errors} leftOut={leftOut}
      attendeeErrors={attendeeErrors} attendeeSelected={attendeeSelected} offerDropIn={offerDropIn} followUpPrompt={followUpPrompt} />
    <RescheduleForm view={view} timezone={timezone} values={rescheduleValues} errors={rescheduleErrors} />
    {notifications ? <SessionNotificationsSection notifications={notifications} timezone={timezone} /> : null}
  </>
);
