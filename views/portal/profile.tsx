import { FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

type Props = {
  practiceName: string; loginEmail: string;
  name: { values: FormValues; errors?: FieldErrors };
  password?: { errors?: FieldErrors };
  /** Why clinical notes are not in the download, and whom to ask (src/domain/portal-profile.ts). */
  notesWithheld: string;
};

const NameForm = ({ values, errors, practiceName }: Props["name"] & { practiceName: string }) => (
  <section class="card" aria-labelledby="name-heading">
    <h2 id="name-heading">Your name</h2>
    <p class="muted">As {practiceName} has it on your record.</p>
    <form id="name-form" method="post" action="/portal/profile" class="stack">
      <FormError errors={errors} />
      <TextField name="firstName" label="First name" value={values.firstName} errors={errors} required maxlength={100} autocomplete="given-name" />
      <TextField name="lastName" label="Last name" value={values.lastName} errors={errors} required maxlength={100} autocomplete="family-name" />
      <button type="submit" class="primary">Save my name</button>
    </form>
  </section>
);

const EmailShown = ({ loginEmail, practiceName }: { loginEmail: string; practiceName: string }) => (
  <section class="card" aria-labelledby="email-heading">
    <h2 id="email-heading">Email</h2>
    <p>You log in with <strong id="login-email">{loginEmail}</strong>.</p>
    <p class="muted">The email you log in with cannot be changed here. If it should change, ask {practiceName}.</p>
  </section>
);

const PasswordForm = ({ loginEmail, errors }: { loginEmail: string; errors?: FieldErrors }) => (
  <section class="card" aria-labelledby="password-heading">
    <h2 id="password-heading">Password</h2>
    <form id="password-form" method="post" action="/portal/profile/password" class="stack">
      <FormError errors={errors} />
      {/* For password managers: which login this new password belongs to. */}
      <input type="hidden" name="username" autocomplete="username" value={loginEmail} />
      <TextField name="currentPassword" label="Current password" type="password" autocomplete="current-password" errors={errors} required maxlength={200} />
      <TextField name="newPassword" label="New password" type="password" autocomplete="new-password" errors={errors} required maxlength={200}
        hint="At least 10 characters and hard to guess: a few unrelated words work well." />
      <p class="hint">Changing it logs you out on every other phone and computer.</p>
      <button type="submit" class="primary">Change my password</button>
    </form>
  </section>
);

const DataDownload = ({ practiceName, notesWithheld }: { practiceName: string; notesWithheld: string }) => (
  <section class="card" aria-labelledby="data-heading">
    <h2 id="data-heading">Your data</h2>
    <p>Download what {practiceName} holds about you: your profile, intake form, sessions, credits, metrics and payments.</p>
    <p><a class="button" href="/portal/profile/data.csv" download>Spreadsheet (CSV)</a>{" "}
      <a class="button" href="/portal/profile/data.json" download>JSON</a></p>
    <p class="muted" id="notes-withheld">{notesWithheld}</p>
  </section>
);

export const ProfilePage = ({ practiceName, loginEmail, name, password, notesWithheld }: Props) => (
  <>
    <h1>Profile</h1>
    <NameForm {...name} practiceName={practiceName} />
    <EmailShown loginEmail={loginEmail} practiceName={practiceName} />
    <PasswordForm loginEmail={loginEmail} errors={password?.errors} />
    <DataDownload practiceName={practiceName} notesWithheld={notesWithheld} />
  </>
);
