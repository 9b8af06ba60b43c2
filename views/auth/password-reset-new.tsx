import { FormError, TextField, type FieldErrors } from "../components/fields.js";

/** The page a reset link opens: the new password, for the account the link was sent to. */
export const NewPasswordPage = ({ token, email, errors }: { token: string; email: string; errors?: FieldErrors }) => (
  <section class="narrow card">
    <h1>Choose a new password</h1>
    <p>For <strong>{email}</strong>. You will be logged in, and logged out everywhere else.</p>
    <FormError errors={errors} />
    <form method="post" action={`/password-reset/${token}`} class="stack">
      {/* Lets a password manager save the new password under the right account. */}
      <input type="hidden" name="username" autocomplete="username" value={email} />
      <TextField name="password" label="New password" type="password" autocomplete="new-password" errors={errors} required maxlength={200}
        hint="At least 10 characters and hard to guess: a few unrelated words work well." />
      <button type="submit" class="primary">Set new password</button>
    </form>
  </section>
);

const why = {
  used: "This link has already been used. Each link works once.",
  expired: "This link has expired: links work for 1 hour.",
  unknown: "This link is not valid. It may be mistyped, or a newer link replaced it.",
} as const;

/** A link that cannot be used any more (or never could): say why, and offer a new one. */
export const ResetLinkRefusedPage = ({ state }: { state: keyof typeof why }) => (
  <section class="narrow card" id="reset-link-refused">
    <h1>This reset link can't be used</h1>
    <p>{why[state]}</p>
    <p><a href="/password-reset">Ask for a new link</a> or <a href="/login">log in</a>.</p>
  </section>
);
