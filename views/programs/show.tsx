import type { CalendarSession, Client, Program, ProgramEnrollment, ProgramPhase, SessionAttendee } from "../../src/db/schema.js";
import { formatMoney } from "../../src/lib/money.js";
import { formatDate, formatDay, localParts } from "../../src/lib/time.js";
import { FormError, type FieldErrors } from "../components/fields.js";
import { ClientPicker } from "../clients/_picker.js";
import { programTypeLabel } from "./index.js";

type Participant = { enrollment: ProgramEnrollment; firstName: string; lastName: string };

const mark: Record<string, [string, string]> = {
  attended: ["✓", "Attended"], no_show: ["✗", "No-show"], canceled: ["–", "Canceled"], registered: ["•", "Booked"],
};

/** Clients × sessions: one query for the sessions, one for every attendance in them. */
export const AttendanceGrid = ({ participants, sessions, attendance, timezone }: {
  participants: Participant[]; sessions: CalendarSession[]; attendance: SessionAttendee[]; timezone: string;
}) => {
  const cell = new Map(attendance.map((a) => [`${a.clientId}:${a.sessionId}`, a.attendanceStatus]));
  return (
    <div class="table-scroll">
      <table class="list attendance-grid">
        <caption class="visually-hidden">Attendance by participant and session</caption>
        <thead>
          <tr><th scope="col">Participant</th>{sessions.map((s) => <th scope="col"><a href={`/sessions/${s.id}`}>{formatDay(localParts(s.startTime, timezone).date)}</a></th>)}</tr>
        </thead>
        <tbody>
          {participants.map((p) => (
            <tr>
              <th scope="row"><a href={`/clients/${p.enrollment.clientId}`}>{p.firstName} {p.lastName}</a></th>
              {sessions.map((s) => {
                const status = s.status === "canceled" ? "canceled" : cell.get(`${p.enrollment.clientId}:${s.id}`);
                const [symbol, label] = status ? mark[status]! : ["", "Not booked"];
                return <td class={`mark ${status ?? "none"}`} title={label}><span aria-hidden="true">{symbol}</span><span class="visually-hidden">{label}</span></td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

export const ProgramPage = (p: {
  program: Program; phases: ProgramPhase[]; participants: Participant[]; sessions: CalendarSession[]; attendance: SessionAttendee[];
  timezone: string; currency: string; errors?: FieldErrors; selected?: Client[];
}) => {
  const { program } = p;
  return (
    <>
      <p><a href="/programs">← Programs</a></p>
      <section class="card">
        <div class="page-head">
          <h1>{program.name} <span class="badge">{programTypeLabel[program.type]}</span>{program.closed ? <span class="badge">closed</span> : null}</h1>
          <div class="actions"><a class="button" href={`/programs/${program.id}/edit`}>Edit</a></div>
        </div>
        {program.description ? <p class="pre">{program.description}</p> : null}
        <dl class="contact">
          {program.sessionsCount ? <><dt>Sessions</dt><dd>{program.sessionsCount}</dd></> : null}
          {program.priceCents != null ? <><dt>Price</dt><dd>{formatMoney(program.priceCents, p.currency)}</dd></> : null}
          {program.validityDays ? <><dt>Valid for</dt><dd>{program.validityDays} days</dd></> : null}
          {program.startDate ? <><dt>Dates</dt><dd>{formatDate(program.startDate)}{program.endDate ? ` – ${formatDate(program.endDate)}` : ""}</dd></> : null}
        </dl>
        {p.phases.length ? <ol class="phases">{p.phases.map((ph) => <li>{ph.name}</li>)}</ol> : null}
      </section>
      <section class="card" aria-labelledby="participants-heading">
        <h2 id="participants-heading">Participants</h2>
        {p.participants.length ? (
          <div class="table-scroll"><table class="list">
            <thead><tr><th scope="col">Client</th><th scope="col">Status</th>{program.type === "package" ? <th scope="col">Credits left</th> : null}<th scope="col">Revenue</th></tr></thead>
            <tbody>
              {p.participants.map((row) => (
                <tr>
                  <td><a href={`/clients/${row.enrollment.clientId}#programs`}>{row.firstName} {row.lastName}</a></td>
                  <td>{row.enrollment.status}{row.enrollment.completionDate ? ` ${formatDate(row.enrollment.completionDate)}` : ""}</td>
                  {program.type === "package" ? <td>{row.enrollment.sessionsRemaining}</td> : null}
                  <td><a href={`/clients/${row.enrollment.clientId}#payments`}>{formatMoney(row.enrollment.paidCents, p.currency)}</a>
                    {row.enrollment.priceCents > row.enrollment.paidCents && row.enrollment.status !== "dropped"
                      ? <span class="small muted"> of {formatMoney(row.enrollment.priceCents, p.currency)}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        ) : <p class="empty">No one enrolled yet.</p>}
        <form method="post" action={`/programs/${program.id}/enrollments`} class="stack" id="enroll-form">
          <FormError errors={p.errors} />
          <ClientPicker legend="Enroll clients" selected={p.selected ?? []} matches={[]} q="" />
          <button type="submit" class="primary">Enroll selected</button>
        </form>
        {p.participants.length ? (
          <p class="small" id="program-revenue">Revenue: <strong>{formatMoney(p.participants.reduce((sum, row) => sum + row.enrollment.paidCents, 0), p.currency)}</strong> received
            {(() => {
              const owed = p.participants.reduce((sum, row) => sum + (row.enrollment.status === "dropped" ? 0 : Math.max(0, row.enrollment.priceCents - row.enrollment.paidCents)), 0);
              return owed ? <>, {formatMoney(owed, p.currency)} still owed</> : null;
            })()}.</p>
        ) : null}
      </section>
      {p.sessions.length ? (
        <section class="card" aria-labelledby="grid-heading">
          <h2 id="grid-heading">Attendance</h2>
          <AttendanceGrid participants={p.participants} sessions={p.sessions} attendance={p.attendance} timezone={p.timezone} />
        </section>
      ) : program.type === "group_series" ? <p class="card empty">No sessions yet: book them from the calendar and choose this program.</p> : null}
    </>
  );
};
