import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { findOutboxEmailById, listMailbox } from "../queries/outbox.js";
import { MailboxEmailPage, MailboxPage } from "../../views/dev/mailbox.js";

// Mounted at /dev/mailbox: where mail goes without RESEND_API_KEY (dev, demo, tests). It exists only while
// env.devMailbox is on (never in production, never with a provider key); otherwise every address here is a
// 404, to everyone, before any login is asked for. Where it is on, it is staff only, as the issue asks: a
// visitor or a scanner that reaches a dev or demo server without logging in sees nothing of anyone's mail.
// Behind that login it still lists every practice's mail, not only the viewer's: it is a developer's tool
// for reading whatever the app sent (a password reset for an account that cannot log in, a client's
// reminder), not a practice's inbox.

const nothingHere = () => new DomainError("not_found", "There is nothing at this address.");

async function findMail(c: Context<AppEnv>) {
  const id = c.req.param("mailId");
  const mail = isUuid(id) ? await findOutboxEmailById(c.var.db, id) : null;
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
  .use(requireStaff)

  .get("/", async (c) => c.render(<MailboxPage emails={await listMailbox(c.var.db, 100)} timezone={c.var.practice.timezone} />, { title: "Dev mailbox" }))

  .get("/:mailId", async (c) => {
    const mail = await findMail(c);
    return c.render(<MailboxEmailPage mail={mail} timezone={c.var.practice.timezone} />, { title: mail.subject });
  })

  .get("/:mailId/body", async (c) => {
    const mail = await findMail(c);
    c.header("Content-Security-Policy", bodyPolicy);
    return c.html(mail.payload.html);
  });
