// The .ics attached to booking emails and reminders: one event per session, always with the same UID, so
// a calendar that took the confirmation updates it on a move and removes it on a cancel.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { OutboxMessage } from "../db/schema.js";

export type InviteEvent = {
  sessionId: string; start: Date; end: Date; summary: string; location: string | null; description?: string;
  /** Later versions win in a calendar: the session's last change, in whole seconds. */
  version: Date;
};

type Attachment = NonNullable<OutboxMessage["attachments"]>[number];

export const sessionUid = (sessionId: string) => `session-${sessionId}@practice`;

/**
 * Times are written in UTC (…Z): the instant is what matters, and every calendar shows it in its own zone,
 * across DST, without our having to ship VTIMEZONE definitions.
 */
export function calendarInvite(events: InviteEvent[], method: "publish" | "cancel", practiceName: string): Attachment {
  const cal = ical({
    name: practiceName, prodId: { company: "practice", product: "booking-email" },
    method: method === "cancel" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  for (const event of events) {
    cal.createEvent({
      id: sessionUid(event.sessionId), start: event.start, end: event.end, summary: event.summary,
      location: event.location ?? undefined, description: event.description,
      status: method === "cancel" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: Math.floor(event.version.getTime() / 1000) % 2_000_000_000, stamp: event.version,
    });
  }
  return {
    filename: method === "cancel" ? "canceled.ics" : "session.ics",
    contentType: `text/calendar; charset=utf-8; method=${method === "cancel" ? "CANCEL" : "PUBLISH"}`,
    content: Buffer.from(cal.toString(), "utf8").toString("base64"),
  };
}
