// A check-in reminder: the practice asks the client to log some metrics (before a session, or every few
// days). Written by the planner (src/domain/check-ins.ts) when the check-in comes due, never ahead.
import { renderEmail } from "./layout.js";
import { shortWhen } from "./session-details.js";

export type CheckInContent = {
  practiceName: string; clientFirstName: string;
  /** The metrics due, by name. */
  metrics: string[];
  /** The session it is for (before-session check-ins); null for every-N-days ones. */
  sessionStart: Date | null;
  timezone: string; logUrl: string; unsubscribeUrl: string;
};

/** "Pain", "Pain and Sleep", "Pain, Sleep and Mood". */
const listed = (names: string[]) => new Intl.ListFormat("en-GB", { type: "conjunction" }).format(names);

export function checkInEmail({ practiceName, clientFirstName, metrics, sessionStart, timezone, logUrl, unsubscribeUrl }: CheckInContent) {
  const when = sessionStart ? ` before your session on ${shortWhen(sessionStart, timezone)}` : "";
  return renderEmail({
    practiceName,
    subject: sessionStart ? `Before your session ${shortWhen(sessionStart, timezone)}: how are you doing?` : `Time for your check-in with ${practiceName}`,
    heading: "Time for your check-in",
    blocks: [
      { paragraph: `Hi ${clientFirstName}, ${practiceName} asks you to log ${listed(metrics)}${when}. It takes a minute in your client portal.` },
      { action: { label: "Log your progress", url: logUrl } },
    ],
    footer: [
      { paragraph: `You get this because ${practiceName} asked for regular check-ins. Stopping reminders stops these and session reminders; booking confirmations and cancellations still come.` },
      { action: { label: `Stop reminders from ${practiceName}`, url: unsubscribeUrl } },
    ],
    // RFC 8058: mail clients offer their own unsubscribe button, which POSTs List-Unsubscribe=One-Click.
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  });
}
