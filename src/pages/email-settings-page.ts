// Settings → Email: how mail leaves this server, and what became of the practice's recent emails.
import type { Db } from "../db/client.js";
import type { Env } from "../env.js";
import { countOutboxEmailsByStatus, listOutboxEmails } from "../queries/outbox.js";

const DAY_MS = 24 * 60 * 60 * 1000;
export const COUNTED_DAYS = 30;
/** Rows each list shows at most: the newest, which are the ones anyone acts on. */
export const LISTED_EMAILS = 50;

/** How mail is delivered: through Resend, into the dev mailbox, or not at all yet (then it waits in the outbox). */
export type EmailDelivery = { via: "resend"; from: string } | { via: "dev-mailbox" } | { via: "nowhere" };

export function emailDelivery(env: Pick<Env, "email" | "devMailbox">): EmailDelivery {
  if (env.email) return { via: "resend", from: env.email.from };
  return env.devMailbox ? { via: "dev-mailbox" } : { via: "nowhere" };
}

export async function loadEmailSettingsPage(db: Db, practiceId: string, now = new Date()) {
  const [counts, troubled, sent] = await Promise.all([
    countOutboxEmailsByStatus(db, practiceId, new Date(now.getTime() - COUNTED_DAYS * DAY_MS)),
    listOutboxEmails(db, practiceId, { statuses: ["failed", "dead"], limit: LISTED_EMAILS }),
    listOutboxEmails(db, practiceId, { statuses: ["sent"], limit: LISTED_EMAILS }),
  ]);
  return { counts: Object.fromEntries(counts), troubled, sent };
}
export type EmailSettingsData = Awaited<ReturnType<typeof loadEmailSettingsPage>>;
