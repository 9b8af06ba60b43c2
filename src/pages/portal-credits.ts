// The portal's credits page: each of the client's enrollments with its whole credit history, and the
// sessions that history names, so a line can say "Booked Massage on Tue 8 Dec" rather than an id.
import type { Db } from "../db/client.js";
import { listClientEnrollments } from "../queries/programs.js";
import { listLedgerSessions, type LedgerSession } from "../queries/portal-sessions.js";
import type { ClientEnrollment } from "./client-page.js";

export type PortalCredits = { enrollments: ClientEnrollment[]; sessions: Map<string, LedgerSession> };

export async function loadPortalCredits(db: Db, practiceId: string, clientId: string): Promise<PortalCredits> {
  const enrollments = await listClientEnrollments(db, practiceId, clientId);
  const sessionIds = enrollments.flatMap((e) => e.ledger.flatMap((row) => (row.sessionId ? [row.sessionId] : [])));
  const sessions = await listLedgerSessions(db, practiceId, clientId, sessionIds);
  return { enrollments, sessions: new Map(sessions.map((s) => [s.id, s])) };
}
