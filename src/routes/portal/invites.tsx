import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { choosePortalClient, setSessionCookie } from "../../auth/middleware.js";
import {
  acceptInviteSignedIn, acceptInviteWithExistingLogin, acceptInviteWithNewLogin, checkInviteLink, existingLoginForm, newPortalLoginForm,
  type InviteLink,
} from "../../domain/portal-invites.js";
import { clientIp } from "../../lib/client-ip.js";
import { formFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import {
  AcceptSignedIn, AcceptWithExistingLogin, AcceptWithNewLogin, InviteForSomeoneElse, InviteRefusedPage,
} from "../../../views/portal/invite.js";

// Mounted at /portal/invite, no login needed: the link in the invitation email is the credential. Which form
// it shows depends on who is there: a new person chooses a password, an address that has a login (a client of
// another practice) proves it with its password, and someone signed in with that address taps once.

type Usable = Extract<InviteLink, { state: "usable" }>;
type Errors = Record<string, string | undefined>;
const title = "Your client portal";

/** A link we never sent is a 404 like any unknown address; a used or expired one is gone (410). */
function refuse(c: Context<AppEnv>, state: Exclude<InviteLink["state"], "usable">) {
  c.status(state === "unknown" ? 404 : 410);
  return c.render(<InviteRefusedPage state={state} />, { title });
}

function renderAccept(c: Context<AppEnv>, token: string, link: Usable, values?: Record<string, unknown>, errors?: Errors) {
  const invite = { token, practiceName: link.practice.name, email: link.invite.email, firstName: link.client.firstName };
  const user = c.var.user;
  if (user && user.email !== link.invite.email) return c.render(<InviteForSomeoneElse invite={invite} signedInAs={user.email} />, { title });
  if (user) return c.render(<AcceptSignedIn invite={invite} errors={errors} />, { title });
  if (link.existingLogin) return c.render(<AcceptWithExistingLogin invite={invite} errors={errors} />, { title });
  const shown = values ?? { fullName: `${link.client.firstName} ${link.client.lastName}` };
  return c.render(<AcceptWithNewLogin invite={invite} values={{ fullName: shown.fullName }} errors={errors} />, { title });
}

async function accept(c: Context<AppEnv>, link: Usable, values: Record<string, unknown>) {
  const user = c.var.user;
  if (user) return { signedIn: await acceptInviteSignedIn(c.var.db, link, user), accepted: true };
  if (link.existingLogin) {
    const form = existingLoginForm.safeParse(values);
    if (!form.success) return { errors: fieldErrors(form.error) };
    return { signedIn: await acceptInviteWithExistingLogin(c.var.db, link, form.data.password, clientIp(c, c.var.env.trustProxy)), accepted: true };
  }
  const form = newPortalLoginForm.safeParse(values);
  return form.success ? { signedIn: await acceptInviteWithNewLogin(c.var.db, link, form.data), accepted: true } : { errors: fieldErrors(form.error) };
}

export const portalInvites = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    const link = await checkInviteLink(c.var.db, c.req.param("token"));
    if (link.state !== "usable") return refuse(c, link.state);
    return renderAccept(c, c.req.param("token"), link);
  })

  .post("/:token", async (c) => {
    const token = c.req.param("token");
    const link = await checkInviteLink(c.var.db, token);
    if (link.state !== "usable") return refuse(c, link.state);
    const values = await readForm(c);
    try {
      const { signedIn, accepted, errors } = await accept(c, link, values);
      if (!accepted) {
        c.status(422);
        return renderAccept(c, token, link, { fullName: values.fullName }, errors);
      }
      if (signedIn) setSessionCookie(c, signedIn.token, signedIn.session.expiresAt);
      choosePortalClient(c, link.client.id);
      setFlash(c, `Welcome! Your ${link.practice.name} portal is ready.`);
      return c.redirect("/portal", 303);
    } catch (error) {
      const failed = formFailure(error, values);
      c.status(failed.status);
      // A password is never sent back into a page: only the name is kept.
      return renderAccept(c, token, link, { fullName: values.fullName }, failed.errors);
    }
  });
