import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { services } from "../db/schema.js";

export type ServiceValues = {
  name: string; description: string | null; durationMinutes: number; priceCents: number; capacity: number; active: boolean;
  /** "Time to book again" after a visit of this service, in weeks; null = the practice's setting. */
  rebookAfterWeeks?: number | null;
};

export async function listServices(db: Db, practiceId: string, options: { activeOnly?: boolean } = {}) {
  const conditions = [eq(services.practiceId, practiceId)];
  if (options.activeOnly) conditions.push(eq(services.active, true));
  return db.select().from(services).where(and(...conditions)).orderBy(desc(services.active), asc(sql`lower(${services.name})`));
}

export async function findService(db: Db, practiceId: string, serviceId: string) {
  const [service] = await db.select().from(services).where(and(eq(services.practiceId, practiceId), eq(services.id, serviceId)));
  return service ?? null;
}

/** The row locked until the transaction ends, so an audited change records the true "before". */
export async function findServiceForUpdate(db: Db, practiceId: string, serviceId: string) {
  const [service] = await db.select().from(services).where(and(eq(services.practiceId, practiceId), eq(services.id, serviceId))).for("update");
  return service ?? null;
}

export async function insertService(db: Db, practiceId: string, values: ServiceValues) {
  const [service] = await db.insert(services).values({ ...values, practiceId }).returning();
  return service!;
}

export async function updateServiceRow(db: Db, practiceId: string, serviceId: string, values: Partial<ServiceValues>) {
  const [service] = await db.update(services).set({ ...values, updatedAt: new Date() })
    .where(and(eq(services.practiceId, practiceId), eq(services.id, serviceId))).returning();
  return service ?? null;
}
