import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { clearSessionCookie, setSessionCookie } from "../auth/middleware.js";
import { createSession, invalidateSession } from "../auth/session.js";
import { authenticate, credentials, registration, signUp } from "../domain/accounts.js";
import { formFailure } from "../lib/errors.js";
import { clientIp } from "../lib/client-ip.js";
import * as field from "../lib/fields.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { LoginPage } from "../../views/auth/login.js";
import { SignupPage } from "../../views/auth/signup.js";

// The form asks for everything the API lets you leave out.
const signupForm = registration.extend({ practiceName: field.practiceName, timezone: field.timezone });

/**
 * Only a path of this app: `next` is read the way a browser would read it (which drops tabs and line
 * breaks, so `/\t/evil.example` is `//evil.example`) and kept only if it stays on our origin.
 */
function safeNext(next: string | undefined, appUrl: string) {
  if (!next) return "/";
  const origin = new URL(appUrl).origin;
  try {
    const url = new URL(next, origin);
    return url.origin === origin && next.startsWith("/") ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}

export const auth = new Hono<AppEnv>()
  .get("/login", (c) => {
    if (c.var.user) return c.redirect(safeNext(c.req.query("next"), c.var.env.appUrl), 303);
    return c.render(<LoginPage next={c.req.query("next")} />, { title: "Log in" });
  })

  .post("/login", async (c) => {
    const values = await readForm(c);
    const next = c.req.query("next");
    const form = credentials.safeParse(values);
    if (!form.success) {
      c.status(422);
      return c.render(<LoginPage values={values} errors={fieldErrors(form.error)} next={next} />, { title: "Log in" });
    }
    try {
      const user = await authenticate(c.var.db, { ...form.data, ip: clientIp(c, c.var.env.trustProxy) });
      const { token, session } = await createSession(c.var.db, user.id);
      setSessionCookie(c, token, session.expiresAt);
      return c.redirect(safeNext(next, c.var.env.appUrl), 303);
    } catch (error) {
      // Only the email is kept: a password is never sent back into a page.
      const failed = formFailure(error, values);
      c.status(failed.status);
      return c.render(<LoginPage values={{ email: values.email }} errors={failed.errors} next={next} />, { title: "Log in" });
    }
  })

  .post("/logout", async (c) => {
    if (c.var.session) await invalidateSession(c.var.db, c.var.session.id);
    clearSessionCookie(c);
    setFlash(c, "You are logged out.");
    return c.redirect("/login", 303);
  })

  .get("/signup", (c) => c.render(<SignupPage />, { title: "Create your practice" }))

  .post("/signup", async (c) => {
    const values = await readForm(c);
    const form = signupForm.safeParse(values);
    if (!form.success) {
      c.status(422);
      return c.render(<SignupPage values={values} errors={fieldErrors(form.error)} />, { title: "Create your practice" });
    }
    try {
      const { token, session } = await signUp(c.var.db, form.data, { ip: clientIp(c, c.var.env.trustProxy), perHour: c.var.env.signupsPerHour });
      setSessionCookie(c, token, session.expiresAt);
      setFlash(c, "Welcome! Your practice is ready.");
      return c.redirect("/", 303);
    } catch (error) {
      const failed = formFailure(error, values);
      c.status(failed.status);
      return c.render(<SignupPage values={values} errors={failed.errors} />, { title: "Create your practice" });
    }
  });
