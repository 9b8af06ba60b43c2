import type { OutboxKind, OutboxStatus } from "../../src/db/schema.js";
import type { EmailDelivery, EmailSettingsData } from "../../src/pages/email-settings-page.js";
import { formatDateTime } from "../../src/lib/time.js";

type Props = EmailSettingsData & { delivery: EmailDelivery; timezone: string };
type Row = EmailSettingsData["sent"][number];

const kindLabel: Record<OutboxKind, string> = {
  reminder: "Reminder", booking_confirmation: "Booking confirmation", cancellation: "Cancellation", follow_up: "Follow-up",
  password_reset: "Password reset", invitation: "Portal invitation", check_in: "Check-in reminder",
};

const countLabels: Array<[OutboxStatus, string]> = [
  ["sent", "sent"], ["pending", "waiting"], ["sending", "sending now"], ["failed", "retrying"], ["dead", "gave up"], ["canceled", "canceled"],
];

const Delivery = ({ delivery }: { delivery: EmailDelivery }) => (
  <section class="card" id="email-delivery" aria-labelledby="email-delivery-heading">
    <h2 id="email-delivery-heading">How email is sent</h2>
    {delivery.via === "resend" ? (
      <p>Through Resend, from <strong>{delivery.from}</strong>, with your practice's name as the sender's name.</p>
    ) : delivery.via === "dev-mailbox" ? (
      <p>Into the <a href="/dev/mailbox">dev mailbox</a>: this server has no <code>RESEND_API_KEY</code>, so nothing leaves it.
        Fine for trying things out; set <code>RESEND_API_KEY</code> and <code>EMAIL_FROM</code> to send for real.</p>
    ) : (
      <p class="billing-notice">Email is not configured on this server: reminders and other emails wait in the queue and are sent
        once <code>RESEND_API_KEY</code> and <code>EMAIL_FROM</code> are set.</p>
    )}
  </section>
);

const Counts = ({ counts }: { counts: Props["counts"] }) => (
  <section class="card" id="email-counts" aria-labelledby="email-counts-heading">
    <h2 id="email-counts-heading">The last 30 days</h2>
    <ul class="email-counts">
      {countLabels.map(([status, label]) => (
        <li id={`count-${status}`}><strong>{counts[status] ?? 0}</strong> {label}</li>
      ))}
    </ul>
  </section>
);

const RetryButton = ({ row }: { row: Row }) => (
  <form method="post" action={`/settings/email/${row.id}/retry`}>
    <button type="submit">Send again<span class="visually-hidden"> "{row.subject}" to {row.toAddress}</span></button>
  </form>
);

const Troubled = ({ rows, timezone }: { rows: Row[]; timezone: string }) => (
  <section class="card" id="email-troubled" aria-labelledby="email-troubled-heading">
    <h2 id="email-troubled-heading">Not delivered</h2>
    {rows.length ? (
      <>
        <p class="hint">A failed email is tried again by itself, waiting longer each time; after the last try it gives up and waits for "Send again".</p>
        <table class="list stacked">
          <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">When</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr id={`email-${row.id}`}>
                <td class="wide">{row.toAddress}</td>
                <td class="wide">{row.subject}</td>
                <td class="end"><span class={`badge mail-${row.status}`}>{row.status === "dead" ? "gave up" : "retrying"}</span></td>
                <td data-label="Attempts">{row.attempts}</td>
                <td class="wide last-error" data-label="Last error">{row.lastError ?? "—"}</td>
                <td class="wide" data-label={row.status === "dead" ? "Gave up" : "Next try"}>{formatDateTime(row.nextAttemptAt, timezone)}</td>
                <td class="wide">{row.status === "dead" ? <RetryButton row={row} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    ) : (
      <p class="empty">Every email was delivered or is on its way.</p>
    )}
  </section>
);

const Sent = ({ rows, timezone }: { rows: Row[]; timezone: string }) => (
  <section class="card" id="email-sent" aria-labelledby="email-sent-heading">
    <h2 id="email-sent-heading">Recently sent</h2>
    {rows.length ? (
      <table class="list stacked">
        <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">Sent</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr id={`email-${row.id}`}>
              <td class="wide">{row.toAddress}</td>
              <td class="wide">{row.subject}</td>
              <td data-label="Kind">{kindLabel[row.kind]}</td>
              <td data-label="Sent">{row.sentAt ? formatDateTime(row.sentAt, timezone) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p class="empty">Nothing sent yet.</p>
    )}
    {rows.length >= 50 ? <p class="hint">The newest 50.</p> : null}
  </section>
);

export const EmailSettingsPage = (p: Props) => (
  <>
    <p><a href="/settings">← Settings</a></p>
    <h1>Email</h1>
    <Delivery delivery={p.delivery} />
    <Counts counts={p.counts} />
    <Troubled rows={p.troubled} timezone={p.timezone} />
    <Sent rows={p.sent} timezone={p.timezone} />
  </>
);
