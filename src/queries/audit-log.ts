import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";

export type AuditEntry = {
  actorUserId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  diff?: Record<string, unknown>;
};

export async function recordAudit(db: Db, practiceId: string, entry: AuditEntry) {
  await db.insert(auditLog).values({ practiceId, ...entry });
}

/** Only the fields that changed, as {field: [before, after]}: what a reader of the log wants to see. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key] = [before[key], after[key]];
  }
  return diff;
}
