import { FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

/** Asks for the email; after a request it says the same thing whether or not the address has an account. */
export const PasswordResetRequestPage = ({ values = {}, errors, sent }: { values?: FormValues; errors?: FieldErrors; sent?: boolean }) => (
  <section class="narrow card">
    <h1>Reset your password</h1>
    {sent ? (
      <p class="flash" role="status" id="reset-sent">
        If an account exists for that address, we've sent a link to choose a new password. It works once, for 1 hour.
      </p>
    ) : (
      <p>Enter the email you log in with and we'll send you a link to choose a new password.</p>
    )}
    <FormError errors={errors} />
    <form method="post" action="/password-reset" class="stack">
      <TextField name="email" label="Email" type="email" autocomplete="username" value={values.email} errors={errors} required maxlength={254} />
      <button type="submit" class="primary">{sent ? "Send another link" : "Send me a link"}</button>
    </form>
    <p><a href="/login">Back to log in</a></p>
  </section>
);
