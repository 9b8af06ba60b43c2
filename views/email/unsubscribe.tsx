import { formatDateTime } from "../../src/lib/time.js";

/**
 * The page an unsubscribe link in a reminder opens: it asks first (a link alone must change nothing: mail
 * scanners follow links), then says it is done. Mail apps' own button posts straight to the same URL.
 */
export const UnsubscribePage = ({ emailId, practiceName, clientFirstName, offSince, timezone, done }: {
  emailId: string; practiceName: string; clientFirstName: string; offSince: Date | null; timezone: string; done?: boolean;
}) => (
  <section class="card pay-card" aria-labelledby="unsubscribe-heading">
    <h1 id="unsubscribe-heading">Reminders from {practiceName}</h1>
    {offSince ? (
      <p id="unsubscribe-status" role="status">
        {done ? "Done: " : ""}{clientFirstName}, you will get no more session reminders from {practiceName} (off since {formatDateTime(offSince, timezone)}).
        Booking confirmations and cancellations still come. To have reminders again, ask {practiceName}.
      </p>
    ) : (
      <form method="post" action={`/email/unsubscribe/${emailId}`} class="stack">
        <p>{clientFirstName}, stop the session reminders {practiceName} sends you by email? Booking confirmations and cancellations still come.</p>
        <button type="submit" class="primary big">Stop reminders</button>
      </form>
    )}
  </section>
);
