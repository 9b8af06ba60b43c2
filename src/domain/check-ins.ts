// Scheduled check-ins: the practitioner asks a client to log chosen metrics before each session or every N
// days; the portal home lists what is due, a reminder goes through the outbox, staff see who has not logged.
import type { Db } from "../db/client.js";

export type DueCheckIn = { templateId: string; templateName: string; dueSince: Date };

/** The client's check-in metrics that are due now (stub: filled in by the check-ins work). */
export async function listDueCheckIns(_db: Db, _practiceId: string, _clientId: string, _now = new Date()): Promise<DueCheckIn[]> {
  return [];
}
