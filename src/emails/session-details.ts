// How a session is told in an email: its name, its time on the practice's clocks, who and where.
import { formatDay, formatTime, localParts } from "../lib/time.js";
import type { EmailBlock } from "./layout.js";
import type { InviteEvent } from "./calendar-invite.js";

/** One session as the client will read about it; times are instants, shown in `timezone`. */
export type SessionFacts = {
  sessionId: string; label: string; start: Date; end: Date; location: string | null; practitionerName: string;
  timezone: string; updatedAt: Date;
};

/** "Mon 30 Mar at 09:00" on the practice's clocks: the subject's short form. */
export const shortWhen = (start: Date, timezone: string) => `${formatDay(localParts(start, timezone).date)} at ${formatTime(start, timezone)}`;

/** "Europe/London" → "London time": the zone said the way people say it. */
const zoneWords = (timezone: string) => `${(timezone.split("/").pop() ?? timezone).replaceAll("_", " ")} time`;

/** "Mon 30 Mar 2026, 09:00–10:00 (London time)". */
export function fullWhen(facts: Pick<SessionFacts, "start" | "end" | "timezone">) {
  const { date } = localParts(facts.start, facts.timezone);
  return `${formatDay(date)} ${date.slice(0, 4)}, ${formatTime(facts.start, facts.timezone)}–${formatTime(facts.end, facts.timezone)} (${zoneWords(facts.timezone)})`;
}

export function sessionDetails(facts: SessionFacts, whenLabel = "When"): EmailBlock {
  const rows: Array<[string, string]> = [[whenLabel, fullWhen(facts)], ["With", facts.practitionerName]];
  if (facts.location) rows.push(["Where", facts.location]);
  return { details: rows };
}

export const inviteEventOf = (facts: SessionFacts, practiceName: string, version = facts.updatedAt): InviteEvent => ({
  sessionId: facts.sessionId, start: facts.start, end: facts.end, summary: `${facts.label} · ${practiceName}`,
  location: facts.location, description: `With ${facts.practitionerName}`, version,
});
