import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { findUnsubscribe, unsubscribeFromReminders } from "../domain/reminders.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { UnsubscribePage } from "../../views/email/unsubscribe.js";

// Mounted at /email/unsubscribe: the link in every reminder, no login. The id is the reminder's own outbox
// row (random, unguessable) and names its practice and client, so nothing here takes a practice from the
// request. The POST is exempt from the CSRF origin check (src/app.ts): mail apps post it themselves.

const noSuchLink = () => new DomainError("not_found", "This unsubscribe link is not valid. Ask the practice that sent it to stop reminders for you.");

const emailIdOf = (c: Context<AppEnv>) => {
  const id = c.req.param("emailId");
  if (!isUuid(id)) throw noSuchLink();
  return id;
};

export const emailUnsubscribe = new Hono<AppEnv>()
  .get("/:emailId", async (c) => {
    const emailId = emailIdOf(c);
    const found = await findUnsubscribe(c.var.db, emailId);
    if (!found) throw noSuchLink();
    const { practice, client } = found;
    return c.render(<UnsubscribePage emailId={emailId} practiceName={practice.name} clientFirstName={client.firstName}
      offSince={client.remindersOffAt} timezone={practice.timezone} />, { title: "Stop reminders" });
  })

  // The page's button, or a mail app's one-click unsubscribe (RFC 8058: body List-Unsubscribe=One-Click).
  .post("/:emailId", async (c) => {
    const emailId = emailIdOf(c);
    const done = await unsubscribeFromReminders(c.var.db, emailId);
    if (!done) throw noSuchLink();
    const { practice, client } = done;
    return c.render(<UnsubscribePage emailId={emailId} practiceName={practice.name} clientFirstName={client.firstName}
      offSince={client.remindersOffAt} timezone={practice.timezone} done />, { title: "Reminders stopped" });
  });
