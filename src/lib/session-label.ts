// How a session is named wherever it is listed: the calendar, the Today screen, the ICS feed.

type Labelled = { serviceName: string | null; session: { title: string | null; status: string; capacity: number } };
type WithAttendees = Labelled & { attendees: Array<{ clientName: string; attendee: { attendanceStatus: string } }> };

export const sessionLabel = (v: Labelled) => v.serviceName ?? v.session.title ?? "Session";

/** Who is coming: names for a one-to-one, "3/8" for a group. */
export function attendeeSummary(v: WithAttendees) {
  // A canceled session's bookings are canceled too: still name who it was for.
  const active = v.session.status === "canceled" ? v.attendees : v.attendees.filter((a) => a.attendee.attendanceStatus !== "canceled");
  if (v.session.capacity > 1) return `${active.length}/${v.session.capacity}`;
  return active.map((a) => a.clientName).join(", ") || "No one booked";
}
