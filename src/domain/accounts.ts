// Sign-up and sign-in: the rules that span users, practices and the login limiter.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { hashPassword, timingDummyHash, verifyPassword } from "../auth/password.js";
import { recordAudit } from "../queries/audit-log.js";
import { admitLogin, admitSignup } from "./sign-in-limits.js";
import { createSession } from "../auth/session.js";
import { refuseGuessablePassword } from "./password-strength.js";
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

const emailTaken = "An account with this email already exists. Log in instead, or use another email.";

/**
 * Signs up from the form or the API: the sign-up limit per address first (kept even when the sign-up is
 * refused), then the user, their practice, the owner membership and the first session, together or none.
 */
export async function signUp(db: Db, input: Registration, from: { ip: string; perHour: number }) {
  await admitSignup(db, from.ip, from.perHour);
  return db.transaction(async (tx) => {
    const made = await registerPractitioner(tx, input);
    const { token, session } = await createSession(tx, made.user.id);
    return { ...made, token, session };
  });
}

/** Creates the user, their practice and the owner membership together, or none of them. */
export async function registerPractitioner(db: Db, input: Registration) {
  await refuseGuessablePassword(input.password, [input.email, input.fullName, input.practiceName ?? ""]);
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
 * Checks a password under the login limits (src/domain/sign-in-limits.ts), taken before any hashing.
 * Unknown email and wrong password fail the same way and take the same time, so the form cannot be
 * used to find out who has an account.
 */
export async function authenticate(db: Db, input: { email: string; password: string; ip: string }, now = new Date()) {
  const attempt = await admitLogin(db, input.email, input.ip, now);
  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
  if (!user || !valid) throw new DomainError("invalid_credentials", "That email and password don't match an account.");
  await attempt.succeeded();
  return user;
}
