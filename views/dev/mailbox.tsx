import type { OutboxRow } from "../../src/db/schema.js";
import { formatDateTime } from "../../src/lib/time.js";

const DevNotice = () => (
  <p class="billing-notice">
    A development tool: without <code>RESEND_API_KEY</code> mail is kept here instead of being sent. It shows every
    practice's mail, and it does not exist in production.
  </p>
);

const when = (mail: Pick<OutboxRow, "createdAt" | "sentAt">, timezone: string) => formatDateTime(mail.sentAt ?? mail.createdAt, timezone);

/** The newest mail first, whatever its state: a row shows here as soon as it is written, before the worker has run. */
export const MailboxPage = ({ emails, timezone }: { emails: OutboxRow[]; timezone: string }) => (
  <>
    <h1>Dev mailbox</h1>
    <DevNotice />
    {emails.length ? (
      <table class="list stacked" id="mailbox">
        <caption class="visually-hidden">Newest first; times in {timezone}</caption>
        <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Time ({timezone})</th></tr></thead>
        <tbody>
          {emails.map((mail) => (
            <tr id={`mail-${mail.id}`}>
              <td class="wide">{mail.toAddress}</td>
              <td class="wide"><a href={`/dev/mailbox/${mail.id}`}>{mail.subject}</a></td>
              <td data-label="Kind">{mail.kind.replaceAll("_", " ")}</td>
              <td class="end"><span class={`badge mail-${mail.status}`}>{mail.status}</span></td>
              <td data-label="Time">{when(mail, timezone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p class="card empty-state">No mail yet. Password resets, reminders and booking confirmations land here.</p>
    )}
  </>
);

/** Links in the text part, to follow in this tab: links inside the sandboxed frame cannot leave it. */
const linksIn = (text: string) => [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];

export const MailboxEmailPage = ({ mail, timezone }: { mail: OutboxRow; timezone: string }) => {
  const headers: Array<[string, string | null | undefined]> = [
    ["From", mail.payload.fromName], ["To", mail.toAddress], ["Subject", mail.subject], ["Reply-To", mail.payload.replyTo],
    ["Kind", mail.kind], ["Status", mail.status], ["Attempts", String(mail.attempts)], ["Provider id", mail.providerId],
    ["Written", formatDateTime(mail.createdAt, timezone)], ["Sent", mail.sentAt ? formatDateTime(mail.sentAt, timezone) : null],
    ...Object.entries(mail.payload.headers ?? {}),
    ["Attachments", mail.payload.attachments?.map((a) => `${a.filename} (${a.contentType})`).join(", ")],
  ];
  const links = linksIn(mail.payload.text);
  return (
    <>
      <p><a href="/dev/mailbox">← Dev mailbox</a></p>
      <h1>{mail.subject}</h1>
      <DevNotice />
      <dl class="card mail-headers" id="mail-headers">
        {headers.filter(([, value]) => value).map(([name, value]) => (<><dt>{name}</dt><dd>{value}</dd></>))}
      </dl>
      {links.length ? (
        <section class="card" aria-labelledby="mail-links-heading">
          <h2 id="mail-links-heading">Links in this email</h2>
          <ul class="mail-links" id="mail-links">{links.map((url) => <li><a href={url}>{url}</a></li>)}</ul>
        </section>
      ) : null}
      <iframe class="mail-body" sandbox="" src={`/dev/mailbox/${mail.id}/body`} title={`The email as HTML: ${mail.subject}`}></iframe>
      <details class="card">
        <summary>Text part</summary>
        <pre class="mail-text" id="mail-text">{mail.payload.text}</pre>
      </details>
    </>
  );
};
