import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireOwner, requireStaff } from "../../auth/middleware.js";
import { changePracticeSettings, practiceSettingsForm, settingsFormValues } from "../../domain/practice-settings.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { PracticeName } from "../../../views/layout.js";
import { SettingsForm, SettingsPage } from "../../../views/settings/index.js";

export const settings = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => {
    const readOnly = c.var.membership.role !== "owner";
    return c.render(<SettingsPage values={settingsFormValues(c.var.practice)} readOnly={readOnly} />, { title: "Settings" });
  })

  .post("/", requireOwner, async (c) => {
    const values = await readForm(c);
    const form = practiceSettingsForm.safeParse(values);
    if (!form.success) {
      c.status(422);
      const errors = fieldErrors(form.error);
      return pageOrFragment(c, "Settings", <SettingsForm values={values} errors={errors} />, <SettingsPage values={values} errors={errors} />);
    }
    const practice = await changePracticeSettings(c.var.db, c.var.practice, c.var.user!.id, form.data);
    if (isHtmx(c)) {
      return c.html(<><SettingsForm values={settingsFormValues(practice)} saved /><PracticeName name={practice.name} oob /></>);
    }
    setFlash(c, "Settings saved.");
    return c.redirect("/settings", 303);
  });
