// Handing one email to a provider. Resend's SDK answers `{ data, error }` for what the API refused and
// throws for what never got an answer (an abort, a bug in between): both become one Delivery, so the
// worker has a single question to ask — accepted, or not and may it try again.
import { Resend } from "resend";
import type { OutboxMessage } from "../db/schema.js";

export type OutgoingEmail = { id: string; to: string; subject: string; message: OutboxMessage };

export type Delivery =
  | { accepted: true; providerId: string }
  | { accepted: false; error: string; retryable: boolean };

export type EmailSender = {
  /** Shown on the Email page: where mail goes. */
  name: "resend" | "dev-mailbox";
  send(email: OutgoingEmail): Promise<Delivery>;
};

// The API refused the message itself (a malformed address, a missing field): sending it again cannot help.
const PERMANENT_STATUSES = new Set([400, 422]);

/** `"Name" <address>` with the characters that would break the header taken out of the name. */
export function senderAddress(displayName: string, address: string) {
  const name = displayName.replace(/["\\<>\r\n]/g, "").trim().slice(0, 100);
  return name ? `"${name}" <${address}>` : address;
}

export function resendSender(settings: { apiKey: string; baseUrl?: string; from: string }, timeoutMs = 15_000): EmailSender {
  const resend = new Resend(settings.apiKey, settings.baseUrl ? { baseUrl: settings.baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      const signal = AbortSignal.timeout(timeoutMs);
      const noAnswer = `Could not reach Resend: no answer within ${timeoutMs / 1000} s`;
      try {
        const { data, error } = await resend.emails.send({
          from: senderAddress(email.message.fromName, settings.from),
          to: email.to,
          subject: email.subject,
          html: email.message.html,
          text: email.message.text,
          ...(email.message.replyTo ? { replyTo: email.message.replyTo } : {}),
          ...(email.message.headers ? { headers: email.message.headers } : {}),
          ...(email.message.attachments?.length
            ? { attachments: email.message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) }
            : {}),
        }, {
          // The outbox row's id: a retry after a lost answer is the same request to Resend, which sends it once.
          idempotencyKey: `outbox/${email.id}`,
          signal,
        });
        // The SDK turns an aborted fetch into a generic "Unable to fetch data": say what really happened.
        if (error && signal.aborted) return { accepted: false, error: noAnswer, retryable: true };
        if (error) {
          const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : null;
          return { accepted: false, error: `${error.name ?? "error"}${status ? ` (${status})` : ""}: ${error.message}`, retryable: !(status && PERMANENT_STATUSES.has(status)) };
        }
        if (!data?.id) return { accepted: false, error: "Resend answered without an email id", retryable: true };
        return { accepted: true, providerId: data.id };
      } catch (thrown) {
        if (signal.aborted) return { accepted: false, error: noAnswer, retryable: true };
        return { accepted: false, error: `Could not send through Resend: ${(thrown as Error)?.message ?? String(thrown)}`, retryable: true };
      }
    },
  };
}

/** Development without a key: the email "arrives" in /dev/mailbox, where the outbox row is read back. */
export const devMailboxSender: EmailSender = {
  name: "dev-mailbox",
  send: async (email) => ({ accepted: true, providerId: `dev-mailbox:${email.id}` }),
};
