import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { integrations, type IntegrationKind } from "../db/schema.js";

export async function findIntegration(db: Db, practiceId: string, kind: IntegrationKind) {
  const [row] = await db.select().from(integrations).where(and(eq(integrations.practiceId, practiceId), eq(integrations.kind, kind)));
  return row ?? null;
}

/** The connection a webhook URL names: its random public id is the only key a caller holds. */
export async function findIntegrationByPublicId(db: Db, kind: IntegrationKind, publicId: string) {
  const [row] = await db.select().from(integrations).where(and(eq(integrations.kind, kind), eq(integrations.publicId, publicId)));
  return row ?? null;
}

/** The practice's connection of this kind, created with `publicId` the first time; the URL never changes after. */
export async function ensureIntegration(db: Db, practiceId: string, kind: IntegrationKind, publicId: string) {
  await db.insert(integrations).values({ practiceId, kind, publicId }).onConflictDoNothing({ target: [integrations.practiceId, integrations.kind] });
  return (await findIntegration(db, practiceId, kind))!;
}

export async function setIntegrationSecret(db: Db, practiceId: string, kind: IntegrationKind, secret: string) {
  const [row] = await db.update(integrations).set({ secret, updatedAt: new Date() })
    .where(and(eq(integrations.practiceId, practiceId), eq(integrations.kind, kind))).returning();
  return row ?? null;
}

export async function deleteIntegration(db: Db, practiceId: string, kind: IntegrationKind) {
  const [row] = await db.delete(integrations).where(and(eq(integrations.practiceId, practiceId), eq(integrations.kind, kind))).returning();
  return row ?? null;
}

export async function setIntegrationReady(db: Db, practiceId: string, kind: IntegrationKind, ready: boolean) {
  await db.update(integrations).set({ ready, updatedAt: new Date() }).where(and(eq(integrations.practiceId, practiceId), eq(integrations.kind, kind)));
}
