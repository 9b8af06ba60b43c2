import { timeZones } from "../../src/lib/fields.js";
import { FormError, SelectField, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

export const SignupPage = ({ values = {}, errors }: { values?: FormValues; errors?: FieldErrors }) => (
  <section class="narrow card">
    <h1>Create your practice</h1>
    <p>One account for you, one practice for your clients. You can invite colleagues later.</p>
    <FormError errors={errors} />
    <form method="post" action="/signup" class="stack">
      <TextField name="fullName" label="Your name" autocomplete="name" value={values.fullName} errors={errors} required maxlength={120} />
      <TextField name="email" label="Email" type="email" autocomplete="email" value={values.email} errors={errors} required maxlength={254} />
      <TextField name="password" label="Password" type="password" autocomplete="new-password" errors={errors} required maxlength={200}
        hint="At least 10 characters and hard to guess: a few unrelated words work well." />
      <TextField name="practiceName" label="Practice name" autocomplete="organization" value={values.practiceName} errors={errors} required maxlength={120} />
      <SelectField name="timezone" label="Time zone" options={timeZones} value={values.timezone ?? "UTC"} errors={errors} required browserTimeZone
        hint="Your calendar and reminders use this zone. We pick your device's zone when we can." />
      <button type="submit" class="primary">Create practice</button>
    </form>
    <p>Already have an account? <a href="/login">Log in</a></p>
  </section>
);
