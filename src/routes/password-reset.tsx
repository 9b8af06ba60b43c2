import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { setSessionCookie } from "../auth/middleware.js";
import { checkResetLink, newPasswordForm, passwordResetRequest, requestPasswordReset, resetPassword, type ResetLink } from "../domain/password-reset.js";
import { clientIp } from "../lib/client-ip.js";
import { formFailure } from "../lib/errors.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { PasswordResetRequestPage } from "../../views/auth/password-reset.js";
import { NewPasswordPage, ResetLinkRefusedPage } from "../../views/auth/password-reset-new.js";

// Mounted at /password-reset, no login: the email is the credential. CSRF applies like every form (same-origin).

/** A link we never sent is a 404 like any unknown address; one that was used or ran out is gone (410). */
function refuse(c: Context<AppEnv>, state: Exclude<ResetLink["state"], "usable">) {
  c.status(state === "unknown" ? 404 : 410);
  return c.render(<ResetLinkRefusedPage state={state} />, { title: "Reset link" });
}

const title = "Reset your password";

export const passwordReset = new Hono<AppEnv>()
  .get("/", (c) => c.render(<PasswordResetRequestPage />, { title }))

  // The same answer whether or not the address has an account (only a limit or a typo answers otherwise).
  .post("/", async (c) => {
    const values = await readForm(c);
    const form = passwordResetRequest.safeParse(values);
    if (!form.success) {
      c.status(422);
      return c.render(<PasswordResetRequestPage values={values} errors={fieldErrors(form.error)} />, { title });
    }
    try {
      await requestPasswordReset(c.var.db, { email: form.data.email, ip: clientIp(c, c.var.env.trustProxy), appUrl: c.var.env.appUrl });
      return c.render(<PasswordResetRequestPage values={{ email: form.data.email }} sent />, { title });
    } catch (error) {
      const failed = formFailure(error, values);
      c.status(failed.status);
      return c.render(<PasswordResetRequestPage values={values} errors={failed.errors} />, { title });
    }
  })

  .get("/:token", async (c) => {
    const token = c.req.param("token");
    const link = await checkResetLink(c.var.db, token);
    if (link.state !== "usable") return refuse(c, link.state);
    return c.render(<NewPasswordPage token={token} email={link.user.email} />, { title: "Choose a new password" });
  })

  .post("/:token", async (c) => {
    const token = c.req.param("token");
    const link = await checkResetLink(c.var.db, token);
    if (link.state !== "usable") return refuse(c, link.state);
    const values = await readForm(c);
    const form = newPasswordForm.safeParse(values);
    try {
      if (!form.success) return renderWeakPassword(c, token, link.user.email, fieldErrors(form.error), 422);
      const signedIn = await resetPassword(c.var.db, link, form.data.password);
      // Another submit of the same link got there first (a double tap, or two tabs).
      if (!signedIn) return refuse(c, "used");
      setSessionCookie(c, signedIn.token, signedIn.session.expiresAt);
      setFlash(c, "Your password is changed. You are logged in, and logged out on every other device.");
      return c.redirect("/", 303);
    } catch (error) {
      const failed = formFailure(error, values);
      return renderWeakPassword(c, token, link.user.email, failed.errors, failed.status);
    }
  });

// The password typed is never sent back into a page: the form comes back empty, with the reason.
function renderWeakPassword(c: Context<AppEnv>, token: string, email: string, errors: Record<string, string | undefined>, status: 401 | 409 | 422 | 429) {
  c.status(status);
  return c.render(<NewPasswordPage token={token} email={email} errors={errors} />, { title: "Choose a new password" });
}
