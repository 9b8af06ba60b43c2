import { FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

export const LoginPage = ({ values = {}, errors, next }: { values?: FormValues; errors?: FieldErrors; next?: string }) => (
  <section class="narrow card">
    <h1>Log in</h1>
    <FormError errors={errors} />
    <form method="post" action={next ? `/login?next=${encodeURIComponent(next)}` : "/login"} class="stack">
      <TextField name="email" label="Email" type="email" autocomplete="username" value={values.email} errors={errors} required maxlength={254} />
      <TextField name="password" label="Password" type="password" autocomplete="current-password" errors={errors} required maxlength={200} />
      <button type="submit" class="primary">Log in</button>
    </form>
    <p><a href="/password-reset">Forgot your password?</a></p>
    <p>New here? <a href="/signup">Create your practice</a></p>
  </section>
);
