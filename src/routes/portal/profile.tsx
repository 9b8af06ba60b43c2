import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient, setSessionCookie } from "../../auth/middleware.js";
import {
  CLINICAL_NOTES_WITHHELD, changePassword, loadOwnData, passwordChangeForm, profileForm, renameClient,
} from "../../domain/portal-profile.js";
import { clientIp } from "../../lib/client-ip.js";
import { formFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { todayIn } from "../../lib/time.js";
import { ownDataCsv } from "../../../views/portal/data-export.js";
import { ProfilePage } from "../../../views/portal/profile.js";

// Mounted at /portal/profile: the signed-in client's own profile (c.var.portal.client in c.var.portal.practice).
// Changing the email one logs in with is not offered: it is the login of every practice the person is a
// client of, and would need a confirmation link sent to the new address.

type Errors = Record<string, string>;

function render(c: Context<AppEnv>, shown: { name?: { values: Record<string, unknown>; errors?: Errors }; password?: { errors?: Errors } } = {}) {
  const { client, practice } = c.var.portal;
  const name = shown.name ?? { values: { firstName: client.firstName, lastName: client.lastName } };
  return c.render(<ProfilePage practiceName={practice.name} loginEmail={c.var.user!.email} name={name} password={shown.password}
    notesWithheld={CLINICAL_NOTES_WITHHELD} />, { title: "Profile" });
}

/** A download, not a page: the browser saves it, and no cache keeps a copy of health data. */
function attachment(c: Context<AppEnv>, body: string, type: string, extension: string) {
  const today = todayIn(c.var.portal.practice.timezone);
  return c.body(body, 200, {
    "Content-Type": `${type}; charset=utf-8`,
    "Content-Disposition": `attachment; filename="my-data-${today}.${extension}"`,
    "Cache-Control": "private, no-store",
  });
}

async function ownData(c: Context<AppEnv>) {
  const { client, practice } = c.var.portal;
  return loadOwnData(c.var.db, practice, client, c.var.user!);
}

export const portalProfile = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", (c) => render(c))

  .post("/", async (c) => {
    const { client, practice } = c.var.portal;
    const values = await readForm(c);
    const form = profileForm.safeParse(values);
    if (!form.success) {
      c.status(422);
      return render(c, { name: { values, errors: fieldErrors(form.error) } });
    }
    try {
      await renameClient(c.var.db, practice.id, c.var.user!.id, client.id, form.data);
    } catch (error) {
      const failed = formFailure(error, values);
      c.status(failed.status);
      return render(c, { name: { values, errors: failed.errors } });
    }
    setFlash(c, "Your name is saved.");
    return c.redirect("/portal/profile", 303);
  })

  .post("/password", async (c) => {
    // The passwords are never sent back into the page: a refused form comes back empty.
    const values = await readForm(c);
    const form = passwordChangeForm.safeParse(values);
    if (!form.success) {
      c.status(422);
      return render(c, { password: { errors: fieldErrors(form.error) } });
    }
    try {
      const { token, session } = await changePassword(c.var.db, c.var.user!, form.data, clientIp(c, c.var.env.trustProxy));
      setSessionCookie(c, token, session.expiresAt);
    } catch (error) {
      // The strength check names its field "password"; here it is the new one.
      const failed = formFailure(error, values, { password: "newPassword" });
      c.status(failed.status);
      return render(c, { password: { errors: failed.errors } });
    }
    setFlash(c, "Your password is changed. You are still logged in here, and logged out everywhere else.");
    return c.redirect("/portal/profile", 303);
  })

  .get("/data.json", async (c) => attachment(c, JSON.stringify(await ownData(c), null, 2), "application/json", "json"))

  .get("/data.csv", async (c) => attachment(c, ownDataCsv(await ownData(c)), "text/csv", "csv"));
