import type { OutboxKind } from "../../src/db/schema.js";
import { formatDateTime, formatDay, formatTime, localParts } from "../../src/lib/time.js";
import type { PlannedReminder } from "../../src/domain/reminders.js";
import type { ClientNotifications, NotificationLogRow, SessionNotifications } from "../../src/pages/notifications.js";

const kindWords: Record<OutboxKind, string> = {
  reminder: "Reminder", booking_confirmation: "Confirmation", cancellation: "Cancellation", follow_up: "Follow-up",
  password_reset: "Password reset", invitation: "Portal invitation", check_in: "Check-in reminder",
};

/** Where an email is, in words: the provider's acceptance is "Sent", nothing less. */
function statusWords(row: NotificationLogRow, timezone: string) {
  const when = (d: Date | null) => (d ? formatDateTime(d, timezone) : "");
  switch (row.status) {
    case "pending": return `Scheduled for ${when(row.nextAttemptAt)}`;
    case "sending": return "Sending";
    case "sent": return `Sent ✓ ${when(row.sentAt)}`;
    case "failed": return `Failed, retrying at ${when(row.nextAttemptAt)}${row.lastError ? `: ${row.lastError}` : ""}`;
    case "dead": return `Failed permanently: ${row.lastError ?? "the provider refused it"}`;
    case "canceled": return "Canceled";
  }
}

export const NotificationLog = ({ log, timezone }: { log: NotificationLogRow[]; timezone: string }) =>
  log.length ? (
    <ul class="notification-log">
      {log.map((row) => (
        <li id={`email-${row.id}`} class={`email ${row.status}`}>
          <span class="email-what"><strong class="email-kind">{kindWords[row.kind]}</strong> <span class="email-subject">{row.subject}</span></span>
          <span class="email-to small muted">to {row.toAddress}</span>
          <span class="email-status small">{statusWords(row, timezone)}{row.attempts > 1 ? ` · ${row.attempts} attempts` : row.attempts === 1 && row.status !== "sent" ? " · 1 attempt" : ""}</span>
        </li>
      ))}
    </ul>
  ) : <p class="empty">No emails yet.</p>;

const offsetWords = (minutes: number) =>
  minutes % 1440 === 0 && minutes >= 2880 ? `${minutes / 1440} days` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;

function plannedWords(p: PlannedReminder, timezone: string) {
  const when = `${formatDay(localParts(p.at, timezone).date)} ${formatTime(p.at, timezone)}`;
  switch (p.state) {
    case "planned": return when;
    case "due": return `${when} (being sent)`;
    case "booked_late": return `not sent: booked less than ${offsetWords(p.offsetMinutes)} ahead`;
    case "reminders_off": return "not sent: reminders turned off";
    case "no_email": return "not sent: no email address";
    case "missed": return `not sent: its time (${when}) passed while sending was down`;
  }
}

export const SessionNotificationsSection = ({ notifications: { log, planned }, timezone }: { notifications: SessionNotifications; timezone: string }) => (
  <section id="notifications" class="card" aria-labelledby="notifications-heading">
    <h2 id="notifications-heading">Notifications</h2>
    {planned.length ? (
      <ul class="planned-reminders">
        {planned.map((p) => (
          <li class={`planned ${p.state}`}>{offsetWords(p.offsetMinutes)} reminder{planned.some((q) => q.clientName !== p.clientName) ? ` to ${p.clientName}` : ""}: {plannedWords(p, timezone)}</li>
        ))}
      </ul>
    ) : null}
    <NotificationLog log={log} timezone={timezone} />
  </section>
);

/** The client's emails, and whether they get reminders (they can stop them from any reminder; staff can turn them back on). */
export const ClientNotificationsSection = ({ notifications: { clientId, remindersOffAt, hasEmail, log }, timezone }: { notifications: ClientNotifications; timezone: string }) => {
  const action = `/clients/${clientId}/reminders`;
  const swap = { "hx-post": action, "hx-target": "#notifications", "hx-swap": "outerHTML" };
  return (
    <section id="notifications" class="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      <div class="reminders-setting">
        {remindersOffAt ? (
          <form method="post" action={action} {...swap} class="inline">
            <span id="reminders-state">Reminders off since {formatDateTime(remindersOffAt, timezone)}.</span>{" "}
            <input type="hidden" name="reminders" value="on" />
            <button type="submit">Turn reminders back on</button>
          </form>
        ) : (
          <form method="post" action={action} {...swap} class="inline">
            <span id="reminders-state">{hasEmail ? "Session reminders on." : "No email address: no reminders or confirmations."}</span>{" "}
            <input type="hidden" name="reminders" value="off" />
            {hasEmail ? <button type="submit" class="link-button">Stop reminders</button> : null}
          </form>
        )}
      </div>
      <NotificationLog log={log} timezone={timezone} />
    </section>
  );
};
