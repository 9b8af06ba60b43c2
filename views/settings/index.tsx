import { currencies, timeZones } from "../../src/lib/fields.js";
import { FormError, SelectField, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

type Props = { values: FormValues; errors?: FieldErrors; saved?: boolean; readOnly?: boolean };

/** Self-replacing: htmx posts it and swaps the answer (saved, or 422 with messages) in its place. */
export const SettingsForm = ({ values, errors, saved, readOnly }: Props) => (
  <form id="settings-form" method="post" action="/settings" class="stack card"
    hx-post="/settings" hx-target="this" hx-swap="outerHTML">
    {saved ? <p class="flash" role="status">Settings saved.</p> : null}
    <FormError errors={errors} />
    <fieldset disabled={readOnly}>
      <legend>Practice</legend>
      <TextField name="name" label="Practice name" value={values.name} errors={errors} required maxlength={120} />
      <SelectField name="timezone" label="Time zone" options={timeZones} value={values.timezone} errors={errors} required
        hint="The calendar, reminders and every time you type are read in this zone." />
      <SelectField name="currency" label="Currency" options={currencies} value={values.currency} errors={errors} required />
    </fieldset>
    <fieldset disabled={readOnly}>
      <legend>Bookings and reminders</legend>
      <TextField name="cancellationWindowHours" label="Cancellation window (hours)" type="number" inputmode="numeric" min={0} max={720}
        value={values.cancellationWindowHours} errors={errors} required
        hint="A client who cancels later than this before the session loses the package credit." />
      <TextField name="reminderOffsets" label="Reminders before each session" value={values.reminderOffsets} errors={errors} maxlength={200}
        hint="Comma-separated, e.g. 24h, 2h or 30m. Leave empty for no reminders." />
      <TextField name="followUpDefaultDays" label="Suggested follow-up (days after a session)" type="number" inputmode="numeric" min={0} max={365}
        value={values.followUpDefaultDays} errors={errors} required />
      <label class="check"><input type="checkbox" name="followUpAutomatic" value="on" checked={values.followUpAutomatic === "on" || values.followUpAutomatic === true} />
        {" "}Add the follow-up by itself when a session is marked completed (instead of offering it)</label>
      <TextField name="rebookAfterWeeks" label="Time to book again (weeks after a last visit)" type="number" inputmode="numeric" min={1} max={104}
        value={values.rebookAfterWeeks} errors={errors}
        hint="Clients with nothing booked this long after their last visit are suggested on Follow-ups. Leave empty for off; a service can set its own." />
    </fieldset>
    {readOnly ? <p class="hint">Only the practice owner can change these settings.</p> : <button type="submit" class="primary">Save settings</button>}
  </form>
);

export const SettingsPage = (props: Props) => (
  <>
    <h1>Settings</h1>
    <p><a href="/services">Services catalog →</a> what you offer, with durations, prices and capacity.</p>
    {props.readOnly ? null : <p><a href="/settings/integrations">Integrations →</a> Card payments through your own Stripe account, and Calendly bookings straight into your calendar.</p>}
    <p><a href="/settings/billing">Billing →</a> Your subscription to Practice.</p>
    <p><a href="/settings/email">Email →</a> How reminders and other emails are sent, and any that could not be delivered.</p>
    <SettingsForm {...props} />
    <section class="card">
      <h2>Calendar feed</h2>
      <p>See your sessions in Google Calendar, Apple Calendar or Outlook through a private link that updates itself.</p>
      <form method="post" action="/calendar/feed">
        <button type="submit">Create a new feed link</button>
      </form>
      <p class="muted small">Creating a new link stops the old one.</p>
    </section>
  </>
);
