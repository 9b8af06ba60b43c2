// The portal's home: the client's next session, what their packages have left, and what their
// practitioner asked them to log today. Three reads side by side; each is scoped to this client.
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { listDueCheckIns, type DueCheckIn } from "../domain/check-ins.js";
import { findNextPortalBooking, listActivePortalEnrollments, type PortalBookingRow } from "../queries/portal-sessions.js";
import { whenOf } from "./portal-sessions.js";

export type PortalHome = {
  next: (PortalBookingRow & { when: string }) | null;
  enrollments: Awaited<ReturnType<typeof listActivePortalEnrollments>>;
  due: DueCheckIn[];
};

export async function loadPortalHome(db: Db, practice: Practice, clientId: string, now = new Date()): Promise<PortalHome> {
  const [next, enrollments, due] = await Promise.all([
    findNextPortalBooking(db, practice.id, clientId, now),
    listActivePortalEnrollments(db, practice.id, clientId),
    listDueCheckIns(db, practice.id, clientId, now),
  ]);
  return { next: next ? { ...next, when: whenOf(next.session.startTime, practice.timezone) } : null, enrollments, due };
}
