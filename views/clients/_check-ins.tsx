import type { CheckInCadence } from "../../src/db/schema.js";
import type { CheckInChoice } from "../../src/pages/client-page.js";
import { FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

/** "Pain", "Pain and Sleep", "Pain, Sleep and Mood". */
const listed = (names: string[]) => new Intl.ListFormat("en-GB", { type: "conjunction" }).format(names);

/** What the client is asked, in one sentence: the section says it, and so does the flash after a save. */
export function checkInSummary(firstName: string, cadence: CheckInCadence | null, everyDays: number | null, metrics: string[]) {
  if (!cadence || !metrics.length) return `${firstName} has no scheduled check-in.`;
  const when = cadence === "before_session" ? "before each session (from 48 hours ahead)" : everyDays === 1 ? "every day" : `every ${everyDays} days`;
  return `${firstName} is asked to log ${listed(metrics)} ${when}.`;
}

const cadenceChoices = [["off", "Off"], ["before_session", "Before each session"], ["every_days", "Every few days"]] as const;

export type CheckInSectionProps = {
  clientId: string; firstName: string; cadence: CheckInCadence | null; everyDays: number | null; choices: CheckInChoice[];
  /** Whether the client can log in to the portal, where a check-in is logged. */
  hasPortal: boolean;
  /** The form as posted, when it comes back with errors (templateIds: the ticked ids). */
  values?: FormValues; errors?: FieldErrors; notice?: string;
};

function CheckInForm({ clientId, firstName, cadence, everyDays, choices, values, errors }: CheckInSectionProps) {
  const chosenCadence = String(values?.cadence ?? cadence ?? "off");
  const ticked = new Set(values ? (values.templateIds as string[] | undefined) ?? [] : choices.filter((c) => c.checkIn).map((c) => c.templateId));
  return (
    <form method="post" action={`/clients/${clientId}/check-ins`} hx-post={`/clients/${clientId}/check-ins`} hx-target="#check-ins" hx-swap="outerHTML" class="stack">
      <FormError errors={errors} />
      <fieldset class={errors?.cadence ? "has-error" : undefined}>
        <legend>When to ask {firstName}</legend>
        {cadenceChoices.map(([value, label]) => (
          <label class="check"><input type="radio" name="cadence" value={value} checked={chosenCadence === value} /> {label}</label>
        ))}
        {errors?.cadence ? <p class="error">{errors.cadence}</p> : null}
      </fieldset>
      <TextField name="everyDays" label="Every how many days" type="number" inputmode="numeric" min={1} max={365} errors={errors}
        value={values ? values.everyDays : everyDays} hint="For “every few days”: 1 to 365." />
      <fieldset class={errors?.templateIds ? "has-error" : undefined} id="check-in-metrics">
        <legend>Metrics to log</legend>
        {choices.map((choice) => (
          <label class="check"><input type="checkbox" name="templateIds" value={choice.templateId} checked={ticked.has(choice.templateId)} /> {choice.name}</label>
        ))}
        {errors?.templateIds ? <p class="error">{errors.templateIds}</p> : null}
      </fieldset>
      <button type="submit" class="primary">Save check-ins</button>
    </form>
  );
}

/** The client page's "Check-ins" section: what the client is asked to log and when; swapped whole after a save. */
export const ClientCheckIns = (props: CheckInSectionProps) => {
  const { firstName, cadence, everyDays, choices, hasPortal, notice } = props;
  return (
    <section id="check-ins" class="card no-print" aria-labelledby="check-ins-heading">
      <h2 id="check-ins-heading">Check-ins</h2>
      {notice ? <p class="flash" role="status">{notice}</p> : null}
      <p id="check-in-summary">{checkInSummary(firstName, cadence, everyDays, choices.filter((c) => c.checkIn).map((c) => c.name))}</p>
      {cadence && !hasPortal ? <p class="muted">{firstName} logs check-ins in the client portal: invite them there (Client portal, below).</p> : null}
      {choices.length ? <CheckInForm {...props} />
        : <p class="empty">Track a metric for {firstName} (Progress, above) to ask them to log it before each session or every few days.</p>}
    </section>
  );
};
