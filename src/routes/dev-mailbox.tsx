import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { findMailboxEmail, listMailbox } from "../queries/outbox.js";
import { MailboxEmailPage, MailboxPage } from "../../views/dev/mailbox.js";

// Mounted at /dev/mailbox: where mail goes without RESEND_API_KEY (dev, demo, tests), every practice's
// mail in one list. It exists only while env.devMailbox is on (never in production, never with a provider
// key); otherwise every address here is a 404. It needs no login, on purpose: someone who forgot their
// password must be able to read the reset email, and a login would protect nothing here anyway, since
// anyone who can reach a dev server can sign up a practice of their own in seconds.

const nothingHere = () => new DomainError("not_found", "There is nothing at this address.");

async function findMail(c: Context<AppEnv>) {
  const id = c.req.param("mailId");
  const mail = isUuid(id) ? await findMailboxEmail(c.var.db, id) : null;
  if (!mail) throw nothingHere();
  return mail;
}

/**
 * The email's own HTML, shown in a sandboxed frame of the mail page: its own policy allows the inline
 * styles emails are made of and nothing else (no scripts, no requests, no forms), and lets only our own
 * pages frame it. Set here on this response alone; the app's policy stays as strict as it is.
 */
const bodyPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

export const devMailbox = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.var.env.devMailbox) throw nothingHere();
    await next();
  })

  .get("/", async (c) => c.render(<MailboxPage emails={await listMailbox(c.var.db, 100)} timezone={c.var.practice?.timezone ?? "UTC"} />, { title: "Dev mailbox" }))

  .get("/:mailId", async (c) => {
    const mail = await findMail(c);
    return c.render(<MailboxEmailPage mail={mail} timezone={c.var.practice?.timezone ?? "UTC"} />, { title: mail.subject });
  })

  .get("/:mailId/body", async (c) => {
    const mail = await findMail(c);
    c.header("Content-Security-Policy", bodyPolicy);
    return c.html(mail.payload.html);
  });
