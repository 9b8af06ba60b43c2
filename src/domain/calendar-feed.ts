// A practitioner's sessions as an ICS feed behind a secret URL, for Google/Apple/Outlook calendars.
import { createHash, randomBytes } from "node:crypto";
import ical, { ICalEventStatus } from "ical-generator";
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { findMembershipByFeedTokenHash, setCalendarFeedTokenHash } from "../queries/practices.js";
import { listSessionViews } from "../queries/sessions.js";
import { attendeeSummary, sessionLabel } from "../lib/session-label.js";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new secret for the feed URL; the old URL stops working at once. Only the hash is stored. */
export async function regenerateCalendarFeed(db: Db, practiceId: string, userId: string) {
  const token = randomBytes(24).toString("base64url");
  await setCalendarFeedTokenHash(db, practiceId, userId, hashToken(token));
  return token;
}

const PAST_DAYS = 60;
const FUTURE_DAYS = 400;

/**
 * The ICS text, or null for an unknown token. Times are written in UTC (…Z), which every calendar
 * shows correctly in its own zone across DST; X-WR-TIMEZONE names the practice's zone for display.
 */
export async function calendarFeed(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const found = await findMembershipByFeedTokenHash(db, hashToken(token));
  if (!found) return null;
  const { membership, practice } = found;
  const views = await listSessionViews(db, practice.id, new Date(now.getTime() - PAST_DAYS * 86_400_000), new Date(now.getTime() + FUTURE_DAYS * 86_400_000),
    { practitionerId: membership.userId });
  const cal = ical({ name: `${practice.name}`, prodId: { company: "practice", product: "calendar-feed" }, ttl: 15 * 60 });
  cal.x([{ key: "X-WR-TIMEZONE", value: practice.timezone }]);
  for (const view of views) {
    const { session } = view;
    cal.createEvent({
      id: `${session.id}@practice`,
      start: session.startTime, end: session.endTime,
      summary: `${sessionLabel(view)} · ${attendeeSummary(view)}`,
      location: session.location ?? undefined,
      description: session.notes ?? undefined,
      status: session.status === "canceled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      lastModified: session.updatedAt,
    });
  }
  return { ics: cal.toString(), practice: practice as Practice };
}
