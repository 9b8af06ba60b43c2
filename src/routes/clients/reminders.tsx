import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { remindersForm, setClientReminders } from "../../domain/reminders.js";
import { DomainError } from "../../lib/errors.js";
import { readForm } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { loadClientNotifications } from "../../pages/notifications.js";
import { withClient } from "../../scopes.js";
import { ClientNotificationsSection } from "../../../views/notifications/_log.js";

// Mounted at /clients/:clientId/reminders: staff turn a client's session reminders off or back on (a
// client stops them from any reminder's link; only the practice turns them on again, when asked).
export const clientReminders = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .post("/", async (c) => {
    const form = remindersForm.safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    const client = (await setClientReminders(c.var.db, c.var.practiceId, c.var.user!.id, c.var.client.id, form.data.reminders === "on"))!;
    if (!isHtmx(c)) return c.redirect(`/clients/${client.id}#notifications`, 303);
    return c.html(<ClientNotificationsSection notifications={await loadClientNotifications(c.var.db, c.var.practiceId, client)} timezone={c.var.practice.timezone} />);
  });
