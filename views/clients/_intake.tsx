import type { IntakeAnswers } from "../../src/db/schema.js";
import { formatDateTime } from "../../src/lib/time.js";

/**
 * What the client answered on the portal's intake form. Health answers are clinical data: the client page
 * shows this section wherever it shows the SOAP notes, under the same rules. It reads the client row the page
 * has already (clients.intake), so it costs no query.
 */
export const ClientIntake = ({ intake, timezone }: { intake: IntakeAnswers | null; timezone: string }) => (
  <section id="intake" class="card" aria-labelledby="intake-heading">
    <h2 id="intake-heading">Intake</h2>
    {intake ? (
      <>
        <p class="muted" id="intake-submitted">Submitted on the portal {formatDateTime(new Date(intake.submittedAt), timezone)}.</p>
        <dl class="soap">
          <dt>Health notes</dt><dd>{intake.healthNotes || "—"}</dd>
          <dt>Emergency contact</dt>
          <dd>{intake.emergencyContactName || intake.emergencyContactPhone
            ? <>{intake.emergencyContactName}{intake.emergencyContactName && intake.emergencyContactPhone ? ", " : ""}
              {intake.emergencyContactPhone ? <a href={`tel:${intake.emergencyContactPhone.replace(/[^\d+]/g, "")}`}>{intake.emergencyContactPhone}</a> : null}</>
            : "—"}</dd>
          <dt>Consent</dt>
          <dd id="intake-consent">{intake.consent
            ? <>Agreed {formatDateTime(new Date(intake.consent.at), timezone)} to version {intake.consent.version}:{" "}
              <details><summary>the text they agreed to</summary><p class="pre">{intake.consent.text}</p></details></>
            : "Not given"}</dd>
        </dl>
      </>
    ) : (
      <p class="muted" id="intake-submitted">Not submitted yet. Clients fill it in on their portal.</p>
    )}
  </section>
);
