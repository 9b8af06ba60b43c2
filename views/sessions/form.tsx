import type { Client, Service } from "../../src/db/schema.js";
import { ChoiceField, FormError, TextArea, TextField, type FieldErrors, type FormValues, SubmissionKey } from "../components/fields.js";
import { ClientPicker } from "../clients/_picker.js";

export type SessionFormProps = {
  values: FormValues;
  weekdays: string[];
  errors?: FieldErrors;
  clashes?: string[];
  services: Service[];
  programs: Array<{ id: string; name: string; phases: Array<{ id: string; name: string }> }>;
  practitioners: Array<{ id: string; fullName: string }>;
  selectedClients: Client[];
  timezone: string;
  /** After "no credits left": book anyway as a paid drop-in, or go and sell a package. */
  offerDropIn?: boolean;
};

/**
 * Phases grouped by their program: without JavaScript the groups say which phase belongs where; with it,
 * only the chosen program's group is offered (static/app.js). The server checks the pair either way.
 */
const PhaseField = ({ programs, value, errors }: { programs: SessionFormProps["programs"]; value: unknown; errors?: FieldErrors }) => (
  <div class={errors?.phaseId ? "field has-error" : "field"}>
    <label for="phaseId">Phase (optional)</label>
    <select id="phaseId" name="phaseId" data-phases-of="programId" aria-invalid={errors?.phaseId ? "true" : undefined}
      aria-describedby={errors?.phaseId ? "phaseId-error" : undefined}>
      <option value="">None</option>
      {programs.filter((pr) => pr.phases.length).map((pr) => (
        <optgroup label={pr.name} data-program={pr.id}>
          {pr.phases.map((ph) => <option value={ph.id} selected={ph.id === value}>{ph.name}</option>)}
        </optgroup>
      ))}
    </select>
    {errors?.phaseId ? <p class="error" id="phaseId-error">{errors.phaseId}</p> : null}
  </div>
);

const weekdayNames = [["1", "Mon"], ["2", "Tue"], ["3", "Wed"], ["4", "Thu"], ["5", "Fri"], ["6", "Sat"], ["7", "Sun"]] as const;

export const SessionForm = (p: SessionFormProps) => (
  <form method="post" action="/sessions" class="card stack" id="session-form">
    <SubmissionKey value={p.values.submission} />
    <FormError errors={p.errors} />
    {p.offerDropIn ? (
      <div class="offer actions">
        <button type="submit" name="dropIn" value="on">Book as a paid drop-in</button>
        {p.selectedClients.map((c) => <a href={`/clients/${c.id}#programs`}>Sell {c.firstName} a new package</a>)}
      </div>
    ) : null}
    {p.clashes?.length ? (
      <div class="form-error" role="alert">
        <p>These dates clash with sessions already booked:</p>
        <ul>{p.clashes.map((c) => <li>{c}</li>)}</ul>
        <label class="check"><input type="checkbox" name="onClash" value="skip" /> Skip the clashing dates and book the rest</label>
        <p class="small">Or change the time or the weekdays and try again.</p>
      </div>
    ) : null}
    <ClientPicker legend="Who is coming (optional)" selected={p.selectedClients} matches={[]} q="" />
    {p.services.length ? (
      <ChoiceField name="serviceId" label="Service" value={p.values.serviceId} errors={p.errors} required
        choices={[["", "Choose a service"], ...p.services.map((s) => [s.id, `${s.name} (${s.durationMinutes} min${s.capacity > 1 ? `, up to ${s.capacity}` : ""})`] as const)]}
        hint="Its duration and capacity apply unless you set them below." />
    ) : (
      <div class="field">
        <p class="form-error">You have no services yet: a session takes its duration, price and capacity from one.</p>
        <p><a class="button primary" href="/services">Create your first service</a></p>
        {p.errors?.serviceId ? <p class="error" id="serviceId-error">{p.errors.serviceId}</p> : null}
      </div>
    )}
    <div class="two-up">
      <TextField name="start" label="Starts" type="datetime-local" value={p.values.start} errors={p.errors} required hint={`In ${p.timezone}.`} />
      <TextField name="end" label="Ends (optional)" type="datetime-local" value={p.values.end} errors={p.errors} hint="Empty: the service's duration." />
    </div>
    <ChoiceField name="practitionerId" label="Practitioner" value={p.values.practitionerId} errors={p.errors} required
      choices={p.practitioners.map((pr) => [pr.id, pr.fullName] as const)} />
    {p.programs.length ? (
      <div class="two-up">
        <ChoiceField name="programId" label="Program (optional)" value={p.values.programId} errors={p.errors}
          choices={[["", "None"], ...p.programs.map((pr) => [pr.id, pr.name] as const)]} hint="A group series or a client's plan." />
        <PhaseField programs={p.programs} value={p.values.phaseId} errors={p.errors} />
      </div>
    ) : null}
    <div class="two-up">
      <TextField name="location" label="Location" value={p.values.location} errors={p.errors} maxlength={200} hint="Room, address or video link." />
      <TextField name="capacity" label="Capacity (optional)" type="number" inputmode="numeric" min={1} max={500} value={p.values.capacity} errors={p.errors}
        hint="Empty: the service's capacity." />
    </div>
    <TextArea name="notes" label="Notes" value={p.values.notes} errors={p.errors} rows={2} maxlength={2000} />
    <fieldset class="repeat">
      <legend>Repeat</legend>
      <label class="check"><input type="checkbox" name="repeat" value="on" checked={p.values.repeat === "on"} /> Repeat weekly</label>
      <div class="weekdays" role="group" aria-label="On these weekdays">
        {weekdayNames.map(([v, label]) => (
          <label class="check"><input type="checkbox" name="weekdays" value={v} checked={p.weekdays.includes(v)} /> {label}</label>
        ))}
      </div>
      {p.errors?.weekdays ? <p class="error">{p.errors.weekdays}</p> : null}
      <div class="three-up">
        <TextField name="repeatEvery" label="Every … weeks" type="number" inputmode="numeric" min={1} max={8} value={p.values.repeatEvery ?? "1"} errors={p.errors} />
        <ChoiceField name="repeatEnds" label="Ends" value={p.values.repeatEnds ?? "count"} errors={p.errors} choices={[["count", "After a number of sessions"], ["until", "On a date"]]} />
        <TextField name="repeatCount" label="Number of sessions" type="number" inputmode="numeric" min={1} max={104} value={p.values.repeatCount ?? "10"} errors={p.errors} />
      </div>
      <TextField name="repeatUntil" label="Last date (when it ends on a date)" type="date" value={p.values.repeatUntil} errors={p.errors} />
    </fieldset>
    <div class="actions">
      <button type="submit" class="primary">Book</button>
      <a href="/calendar">Cancel</a>
    </div>
  </form>
);
