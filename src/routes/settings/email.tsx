import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { DomainError } from "../../lib/errors.js";
import { setFlash } from "../../lib/flash.js";
import { isUuid } from "../../lib/ids.js";
import { emailDelivery, loadEmailSettingsPage } from "../../pages/email-settings-page.js";
import { findOutboxEmail, retryDeadEmail } from "../../queries/outbox.js";
import { EmailSettingsPage } from "../../../views/settings/email.js";

const noSuchEmail = () => new DomainError("not_found", "There is no such email in this practice.");

// Mounted at /settings/email: what became of the practice's emails, and "Send again" for one that gave up.
export const emailSettings = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const data = await loadEmailSettingsPage(c.var.db, c.var.practiceId);
    return c.render(<EmailSettingsPage {...data} delivery={emailDelivery(c.var.env)} timezone={c.var.practice.timezone} />, { title: "Email" });
  })

  // Only a dead email goes back to the queue (the guard is in the UPDATE); one already on its way again is left alone.
  .post("/:emailId/retry", async (c) => {
    const id = c.req.param("emailId");
    if (!isUuid(id)) throw noSuchEmail();
    const retried = await retryDeadEmail(c.var.db, c.var.practiceId, id);
    if (!retried && !(await findOutboxEmail(c.var.db, c.var.practiceId, id))) throw noSuchEmail();
    setFlash(c, retried ? `"${retried.subject}" to ${retried.toAddress} will be sent again.` : "That email is already being sent again.");
    return c.redirect("/settings/email", 303);
  });
