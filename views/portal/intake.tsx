import type { IntakeAnswers } from "../../src/db/schema.js";
import { formatDateTime } from "../../src/lib/time.js";
import { FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

export type Consent = { version: string; text: string };
type Props = {
  values: FormValues; errors?: FieldErrors; intake: IntakeAnswers | null; consent: Consent; practiceName: string;
  today: string; timezone: string;
  /** Said in place after an htmx save (a plain post gets the flash on the next page). */
  notice?: string;
};

/** When it was sent and when consent was given; or that it has not been sent yet. */
const IntakeStatus = ({ intake, timezone }: { intake: IntakeAnswers | null; timezone: string }) =>
  intake ? (
    <p id="intake-status" class="muted">
      Submitted {formatDateTime(new Date(intake.submittedAt), timezone)}.
      {intake.consent ? ` You gave your consent on ${formatDateTime(new Date(intake.consent.at), timezone)} (version ${intake.consent.version}).` : ""}
      {" "}You can change your answers and send the form again at any time.
    </p>
  ) : (
    <p id="intake-status" class="muted">You have not sent this form yet.</p>
  );

/** The consent text as it is now, and the box; the version goes with the form so an old page cannot agree to a new text. */
const ConsentField = ({ consent, values, errors }: { consent: Consent; values: FormValues; errors?: FieldErrors }) => {
  const error = errors?.consent ?? errors?.consentVersion;
  return (
    <fieldset class={error ? "field has-error" : "field"}>
      <legend>Consent</legend>
      <p id="consent-text">{consent.text}</p>
      <input type="hidden" name="consentVersion" value={consent.version} />
      <label class="check">
        <input type="checkbox" id="consent" name="consent" value="yes" checked={values.consent === "yes"} required
          aria-invalid={error ? "true" : undefined} aria-describedby={error ? "consent-text consent-error" : "consent-text"} />
        {" "}I agree
      </label>
      {error ? <p class="error" id="consent-error">{error}</p> : null}
    </fieldset>
  );
};

/** Self-replacing: htmx posts it and swaps the answer (saved, or 422 with messages) in its place. */
export const IntakeSection = ({ values, errors, intake, consent, practiceName, today, timezone, notice }: Props) => (
  <section id="intake-section" class="card">
    {notice ? <p class="flash" role="status">{notice}</p> : null}
    <IntakeStatus intake={intake} timezone={timezone} />
    <form id="intake-form" method="post" action="/portal/intake" class="stack"
      hx-post="/portal/intake" hx-target="#intake-section" hx-swap="outerHTML">
      <FormError errors={errors} />
      <fieldset>
        <legend>Your contact details</legend>
        <TextField name="phone" label="Phone" type="tel" value={values.phone} errors={errors} maxlength={40} autocomplete="tel" />
        <TextArea name="address" label="Address" value={values.address} errors={errors} rows={2} maxlength={500} />
        <TextField name="dateOfBirth" label="Date of birth" type="date" value={values.dateOfBirth} errors={errors} min="1900-01-01" max={today}
          autocomplete="bday" />
      </fieldset>
      <fieldset>
        <legend>Your health</legend>
        <TextArea name="healthNotes" label="Health notes" value={values.healthNotes} errors={errors} rows={5} maxlength={5000}
          hint={`Conditions, injuries, medication, allergies: anything ${practiceName} should know before a session.`} />
      </fieldset>
      <fieldset>
        <legend>Emergency contact</legend>
        <TextField name="emergencyContactName" label="Name" value={values.emergencyContactName} errors={errors} maxlength={120} autocomplete="off" />
        <TextField name="emergencyContactPhone" label="Phone" type="tel" value={values.emergencyContactPhone} errors={errors} maxlength={40}
          autocomplete="off" />
      </fieldset>
      <ConsentField consent={consent} values={values} errors={errors} />
      <button type="submit" class="primary">Send my intake form</button>
    </form>
  </section>
);

export const IntakePage = (props: Props) => (
  <>
    <h1>Intake form</h1>
    <p>What {props.practiceName} needs to know before your sessions. Only {props.practiceName}'s staff can read it.</p>
    <IntakeSection {...props} />
  </>
);
