// What a client is told when a booking is made, canceled or moved. Written by src/domain/notifications.ts
// in the transaction of the change; each carries the session's .ics (same UID throughout).
import { plural } from "../lib/time.js";
import { calendarInvite } from "./calendar-invite.js";
import { renderEmail } from "./layout.js";
import { fullWhen, inviteEventOf, sessionDetails, shortWhen, type SessionFacts } from "./session-details.js";

type Addressed = { practiceName: string; clientFirstName: string };

/** One booking, or a series booked at once: one email listing every date. */
export function bookingConfirmationEmail({ practiceName, clientFirstName, sessions }: Addressed & { sessions: SessionFacts[] }) {
  const first = sessions[0]!;
  const when = shortWhen(first.start, first.timezone);
  const many = sessions.length > 1;
  return renderEmail({
    practiceName,
    subject: many ? `Booked: ${first.label}, ${plural(sessions.length, "session")} from ${when}` : `Booked: ${first.label}, ${when}`,
    heading: many ? `You're booked: ${plural(sessions.length, "session")}` : `You're booked for ${when}`,
    blocks: [
      { paragraph: `Hi ${clientFirstName}, ${practiceName} has booked you in for ${many ? `${plural(sessions.length, "session")} of ` : ""}${first.label} with ${first.practitionerName}.` },
      many ? { details: [...sessions.map((s, i): [string, string] => [`${i + 1}.`, fullWhen(s)]), ...(first.location ? [["Where", first.location] as [string, string]] : [])] }
        : sessionDetails(first),
      { paragraph: `The attached calendar file adds ${many ? "them" : "it"} to your calendar. If you cannot come, please let ${practiceName} know.` },
    ],
    attachments: [calendarInvite(sessions.map((s) => inviteEventOf(s, practiceName)), "publish", practiceName)],
  });
}

export function cancellationEmail({ practiceName, clientFirstName, session, now }: Addressed & { session: SessionFacts; now: Date }) {
  const when = shortWhen(session.start, session.timezone);
  return renderEmail({
    practiceName,
    subject: `Canceled: ${session.label}, ${when}`,
    heading: `Your session on ${when} is canceled`,
    blocks: [
      { paragraph: `Hi ${clientFirstName}, your ${session.label} with ${session.practitionerName} at ${practiceName} is canceled.` },
      sessionDetails(session),
      { paragraph: `To book another time, contact ${practiceName}.` },
    ],
    attachments: [calendarInvite([inviteEventOf(session, practiceName, now)], "cancel", practiceName)],
  });
}

/** `previousStart`: the time the client was last told, or null when they had not been told one yet. */
export function sessionMovedEmail({ practiceName, clientFirstName, session, previousStart }: Addressed & { session: SessionFacts; previousStart: Date | null }) {
  const when = shortWhen(session.start, session.timezone);
  return renderEmail({
    practiceName,
    subject: `Moved: ${session.label}, now ${when}`,
    heading: `Your session is now ${when}`,
    blocks: [
      { paragraph: `Hi ${clientFirstName}, your ${session.label} with ${session.practitionerName} at ${practiceName} has moved.` },
      ...(previousStart ? [{ details: [["Was", shortWhen(previousStart, session.timezone)]] as Array<[string, string]> }] : []),
      sessionDetails(session, "Now"),
      { paragraph: `The attached calendar file updates your calendar. If the new time does not suit you, please let ${practiceName} know.` },
    ],
    attachments: [calendarInvite([inviteEventOf(session, practiceName)], "publish", practiceName)],
  });
}
