import type { LedgerRow } from "../../src/db/schema.js";
import type { ProgramsSection } from "../../src/pages/client-page.js";
import { formatDate, formatDateTime } from "../../src/lib/time.js";
import { ChoiceField, FormError, TextField, type FieldErrors } from "../components/fields.js";


const reasonLabel: Record<string, string> = {
  purchase: "Bought", booking: "Booked", cancel_refund: "Canceled in time", late_cancel: "Late cancel (kept)",
  no_show: "No-show (kept)", adjustment: "Adjustment", expiry: "Expired",
};
const typeLabel: Record<string, string> = { group_series: "Group series", plan: "1:1 plan", package: "Package" };
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

const Ledger = ({ rows, timezone }: { rows: LedgerRow[]; timezone: string }) => (
  <details class="ledger">
    <summary>Credit history ({rows.length})</summary>
    <div class="table-scroll"><table class="list">
      <thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">Why</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{formatDateTime(r.createdAt, timezone)}</td>
            <td class={r.delta < 0 ? "minus" : r.delta > 0 ? "plus" : ""}>{signed(r.delta)}</td>
            <td>{reasonLabel[r.reason]}{r.note ? ` · ${r.note}` : ""}{r.sessionId ? <> · <a href={`/sessions/${r.sessionId}`}>session</a></> : null}</td>
          </tr>
        ))}
      </tbody>
    </table></div>
  </details>
);

/** The client's programs and credits; self-replacing, and updated out of band when a booking changes them. */
export const ClientPrograms = ({ clientId, enrollments, phases, programs, timezone, errors, oob }: ProgramsSection & {
  clientId: string; timezone: string; errors?: FieldErrors; oob?: boolean;
}) => {
  const swap = { "hx-target": "#programs", "hx-swap": "outerHTML" };
  return (
    <section id="programs" class="card" aria-labelledby="programs-heading" hx-swap-oob={oob ? "true" : undefined}>
      <h2 id="programs-heading">Programs and credits</h2>
      <FormError errors={errors} />
      {enrollments.length ? enrollments.map(({ enrollment, program, ledger }) => (
        <article class={`enrollment ${enrollment.status}`}>
          <header>
            <a href={`/programs/${program.id}`}>{program.name}</a> <span class="muted small">{typeLabel[program.type]} · {enrollment.status}</span>
          </header>
          {program.type === "package" ? (
            <p class="credits"><strong class="credits-left">{enrollment.sessionsRemaining}</strong> of {program.sessionsCount} sessions left
              {enrollment.expiresAt ? <span class="muted small"> · expires {formatDateTime(enrollment.expiresAt, timezone)}</span> : null}</p>
          ) : null}
          {phases.get(program.id) ? <p class="small">Current phase: <strong>{phases.get(program.id)}</strong></p> : null}
          {program.type === "package" ? <Ledger rows={ledger} timezone={timezone} /> : null}
          {enrollment.status === "active" ? (
            <div class="actions small">
              {(["completed", "dropped"] as const).map((status) => (
                <form method="post" action={`/clients/${clientId}/enrollments/${enrollment.id}/status`} hx-post={`/clients/${clientId}/enrollments/${enrollment.id}/status`} {...swap} class="inline">
                  <input type="hidden" name="status" value={status} />
                  <button type="submit" class="link-button">{status === "completed" ? "Mark completed" : "Mark dropped"}<span class="visually-hidden"> {program.name}</span></button>
                </form>
              ))}
            </div>
          ) : enrollment.completionDate ? <p class="small muted">Completed {formatDate(enrollment.completionDate)}</p> : null}
          {program.type === "package" && enrollment.status === "active" ? (
            <details class="adjust">
              <summary>Adjust credits</summary>
              <form method="post" action={`/clients/${clientId}/enrollments/${enrollment.id}/adjustments`} hx-post={`/clients/${clientId}/enrollments/${enrollment.id}/adjustments`} {...swap} class="two-up">
                <TextField name="delta" label="Change (+/−)" type="number" inputmode="numeric" min={-500} max={500} required idPrefix={`adj-${enrollment.id}-`} />
                <TextField name="note" label="Reason" required maxlength={200} idPrefix={`adj-${enrollment.id}-`} />
                <button type="submit">Save adjustment</button>
              </form>
            </details>
          ) : null}
        </article>
      )) : <p class="empty">Not enrolled in any program.</p>}
      {programs.length ? (
        <form method="post" action={`/clients/${clientId}/enrollments`} hx-post={`/clients/${clientId}/enrollments`} {...swap} class="enroll">
          <ChoiceField name="programId" label="Enroll in or sell" choices={programs.map((p) => [p.id, `${p.name} (${typeLabel[p.type]})`] as const)} />
          <button type="submit">Enroll</button>
        </form>
      ) : <p class="small"><a href="/programs">Create a program or package</a> to sell it here.</p>}
    </section>
  );
};
