// A session reminder: written by the scheduler (src/domain/reminders.ts) when its time comes, never at
// booking, so a move or a cancel before then changes what is sent rather than leaving a stale message.
import { calendarInvite } from "./calendar-invite.js";
import { renderEmail } from "./layout.js";
import { inviteEventOf, sessionDetails, shortWhen, type SessionFacts } from "./session-details.js";

export type ReminderContent = { practiceName: string; clientFirstName: string; session: SessionFacts; unsubscribeUrl: string };

export function reminderEmail({ practiceName, clientFirstName, session, unsubscribeUrl }: ReminderContent) {
  return renderEmail({
    practiceName,
    subject: `Reminder: ${session.label}, ${shortWhen(session.start, session.timezone)}`,
    heading: `See you ${shortWhen(session.start, session.timezone)}`,
    blocks: [
      { paragraph: `Hi ${clientFirstName}, this is a reminder of your ${session.label} with ${session.practitionerName} at ${practiceName}.` },
      sessionDetails(session),
      { paragraph: `If you cannot come, please let ${practiceName} know as soon as you can.` },
    ],
    footer: [
      { paragraph: `You get this because you have a session booked with ${practiceName}. Booking confirmations and cancellations still come if you stop reminders.` },
      { action: { label: `Stop reminders from ${practiceName}`, url: unsubscribeUrl } },
    ],
    // RFC 8058: mail clients offer their own unsubscribe button, which POSTs List-Unsubscribe=One-Click.
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    attachments: [calendarInvite([inviteEventOf(session, practiceName)], "publish", practiceName)],
  });
}
