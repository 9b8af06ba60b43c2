import { FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

type InviteFor = { token: string; practiceName: string; email: string; firstName: string };

/** A new login: the client chooses their name as shown and a password. */
export const AcceptWithNewLogin = ({ invite, values, errors }: { invite: InviteFor; values?: FormValues; errors?: FieldErrors }) => (
  <section class="narrow card" id="accept-invite">
    <h1>Welcome to {invite.practiceName}'s client portal</h1>
    <p>Choose a password for <strong>{invite.email}</strong>. You will use it to log in from now on.</p>
    <FormError errors={errors} />
    <form method="post" action={`/portal/invite/${invite.token}`} class="stack">
      <input type="hidden" name="username" autocomplete="username" value={invite.email} />
      <TextField name="fullName" label="Your name" value={values?.fullName} autocomplete="name" errors={errors} required maxlength={200} />
      <TextField name="password" label="Password" type="password" autocomplete="new-password" errors={errors} required maxlength={200}
        hint="At least 10 characters and hard to guess: a few unrelated words work well." />
      <button type="submit" class="primary">Open my portal</button>
    </form>
  </section>
);

/** The address has a login already (perhaps as a client of another practice): its password adds this practice. */
export const AcceptWithExistingLogin = ({ invite, errors }: { invite: InviteFor; errors?: FieldErrors }) => (
  <section class="narrow card" id="accept-invite">
    <h1>Join {invite.practiceName}'s client portal</h1>
    <p><strong>{invite.email}</strong> already has a Practice login. Enter its password to add {invite.practiceName} to it;
      you can switch between practices in the portal.</p>
    <FormError errors={errors} />
    <form method="post" action={`/portal/invite/${invite.token}`} class="stack">
      <input type="hidden" name="username" autocomplete="username" value={invite.email} />
      <TextField name="password" label="Password" type="password" autocomplete="current-password" errors={errors} required maxlength={200} />
      <button type="submit" class="primary">Join</button>
    </form>
    <p><a href="/password-reset">Forgot your password?</a></p>
  </section>
);

/** Signed in already with the invited address: one tap. */
export const AcceptSignedIn = ({ invite, errors }: { invite: InviteFor; errors?: FieldErrors }) => (
  <section class="narrow card" id="accept-invite">
    <h1>Join {invite.practiceName}'s client portal</h1>
    <p>You are logged in as <strong>{invite.email}</strong>.</p>
    <FormError errors={errors} />
    <form method="post" action={`/portal/invite/${invite.token}`}>
      <button type="submit" class="primary">Join {invite.practiceName}</button>
    </form>
  </section>
);

/** Signed in as someone else: accepting would tie this client record to the wrong person. */
export const InviteForSomeoneElse = ({ invite, signedInAs }: { invite: InviteFor; signedInAs: string }) => (
  <section class="narrow card" id="invite-refused">
    <h1>This invitation is for someone else</h1>
    <p>It was sent to <strong>{invite.email}</strong>, but you are logged in as <strong>{signedInAs}</strong>.
      Log out, then open the link in the email again.</p>
    <form method="post" action="/logout"><button type="submit">Log out</button></form>
  </section>
);

const why = {
  used: "This invitation has already been used: each link works once. If that was you, log in with the password you chose.",
  expired: "This invitation has expired: links work for 7 days. Ask your practice to send a new one.",
  unknown: "This link is not valid. It may be mistyped, or a newer invitation replaced it. Ask your practice to send a new one.",
} as const;

/** A link that cannot be used (any more): say why and what to do; nothing was changed. */
export const InviteRefusedPage = ({ state }: { state: keyof typeof why }) => (
  <section class="narrow card" id="invite-refused">
    <h1>This invitation can't be used</h1>
    <p>{why[state]}</p>
    <p><a href="/login">Log in</a> · <a href="/password-reset">Forgot your password?</a></p>
  </section>
);
