// Sign-up and sign-in: the rules that span users, practices and the login limiter.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { hashPassword, timingDummyHash, verifyPassword } from "../auth/password.js";
import { recordAudit } from "../queries/audit-log.js";
import { clearFailures, countRecentFailures, purgeFailuresBefore, recordFailure } from "../queries/login-attempts.js";
import { insertMembership, insertPractice } from "../queries/practices.js";
import { findUserByEmail, insertUser } from "../queries/users.js";
import * as field from "../lib/fields.js";
import { DomainError, domainErrorFromDatabase } from "../lib/errors.js";

export const registration = z.object({
  email: field.email,
  password: field.newPassword,
  fullName: field.personName,
  practiceName: field.practiceName.optional(),
  timezone: field.timezone.optional(),
});
export type Registration = z.output<typeof registration>;

export const credentials = z.object({ email: field.email, password: field.anyPassword });

export const LOGIN_LIMIT = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

const emailTaken = "An account with this email already exists. Log in instead, or use another email.";

/** Creates the user, their practice and the owner membership together, or none of them. */
export async function registerPractitioner(db: Db, input: Registration) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const user = await insertUser(tx, { email: input.email, passwordHash, fullName: input.fullName });
      const practice = await insertPractice(tx, {
        name: input.practiceName ?? `${input.fullName}'s practice`,
        timezone: input.timezone ?? "UTC",
      });
      const membership = await insertMembership(tx, practice.id, user.id, "owner");
      await recordAudit(tx, practice.id, { actorUserId: user.id, action: "create", entity: "practice", entityId: practice.id });
      return { user, practice, membership };
    });
  } catch (error) {
    throw domainErrorFromDatabase(error, { users_email_key: { field: "email", message: emailTaken } }) ?? error;
  }
}

/**
 * Checks a password under a per email+IP limit. Unknown email and wrong password fail the same way
 * and take the same time, so the form cannot be used to find out who has an account.
 */
export async function authenticate(db: Db, input: { email: string; password: string; ip: string }, now = new Date()) {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  if ((await countRecentFailures(db, input.email, input.ip, since)) >= LOGIN_LIMIT) {
    throw new DomainError("rate_limited", "Too many failed attempts. Wait 15 minutes and try again.");
  }
  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
  if (!user || !valid) {
    await recordFailure(db, input.email, input.ip);
    await purgeFailuresBefore(db, new Date(now.getTime() - 24 * 60 * 60 * 1000));
    throw new DomainError("invalid_credentials", "That email and password don't match an account.");
  }
  await clearFailures(db, input.email, input.ip);
  return user;
}
