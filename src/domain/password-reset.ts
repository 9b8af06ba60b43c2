// Password reset by email, for staff and portal clients alike (one users table, one flow). The link is
// a token like a session's ("<id>.<secret>", only SHA-256(secret) stored), works once and for an hour.
import { z } from "zod";
import type { Db } from "../db/client.js";
import { hashPassword } from "../auth/password.js";
import { createSession, invalidateUserSessions } from "../auth/session.js";
import { newToken, secretMatches, splitToken } from "../auth/tokens.js";
import { passwordResetEmail } from "../emails/password-reset.js";
import * as field from "../lib/fields.js";
import { enqueueEmail } from "../queries/outbox.js";
import {
  claimPasswordResetToken, deleteUnusedPasswordResetTokens, findPasswordResetToken, insertPasswordResetToken, setUserPasswordHash,
} from "../queries/password-resets.js";
import { findStaffMembership } from "../queries/practices.js";
import { listPortalAccounts } from "../queries/portal-accounts.js";
import { findUserByEmail } from "../queries/users.js";
import { refuseGuessablePassword } from "./password-strength.js";
import { admitPasswordReset } from "./sign-in-limits.js";

export const RESET_LINK_LIFETIME_MS = 60 * 60 * 1000;

export const passwordResetRequest = z.object({ email: field.email });
export const newPasswordForm = z.object({ password: field.newPassword });

/**
 * Sends a reset link when the email has an account, and does nothing visible when it has none: the caller
 * answers the same either way, so the form cannot be used to find out who has an account. The limits are
 * taken first, by the email as typed, for both.
 */
export async function requestPasswordReset(db: Db, input: { email: string; ip: string; appUrl: string }, now = new Date()) {
  await admitPasswordReset(db, input.email, input.ip, now);
  const user = await findUserByEmail(db, input.email);
  if (!user) return;
  // The practice whose name the email carries: where they work, or else where they are a portal client.
  const practice = (await findStaffMembership(db, user.id))?.practice ?? (await listPortalAccounts(db, user.id))[0]?.practice;
  // Only the newest link works: a person who asked twice follows the latest email, and a link lying in an
  // old inbox (or a forwarded one) stops working as soon as another is asked for.
  const { id, secretHash, token } = newToken();
  const email = passwordResetEmail({ practiceName: practice?.name ?? "Practice", fullName: user.fullName, url: `${input.appUrl}/password-reset/${token}` });
  await db.transaction(async (tx) => {
    await deleteUnusedPasswordResetTokens(tx, user.id);
    await insertPasswordResetToken(tx, { id, userId: user.id, secretHash, expiresAt: new Date(now.getTime() + RESET_LINK_LIFETIME_MS) });
    await enqueueEmail(tx, practice?.id ?? null, { kind: "password_reset", to: user.email, ...email, dedupeKey: `password_reset:${id}`, sendAt: now });
  });
}

export type ResetLink =
  | { state: "usable"; tokenId: string; user: { id: string; email: string; fullName: string } }
  | { state: "unknown" | "used" | "expired" };

/** What a link in an email is now: usable, used, expired, or nothing we ever sent (a wrong secret looks like that too). */
export async function checkResetLink(db: Db, token: string, now = new Date()): Promise<ResetLink> {
  const parts = splitToken(token);
  const row = parts ? await findPasswordResetToken(db, parts.id) : null;
  if (!parts || !row || !secretMatches(row.token.secretHash, parts.secret)) return { state: "unknown" };
  if (row.token.usedAt) return { state: "used" };
  if (row.token.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  return { state: "usable", tokenId: row.token.id, user: { id: row.user.id, email: row.user.email, fullName: row.user.fullName } };
}

/**
 * Sets the new password through a usable link and signs in with a fresh session; every other session of
 * the user ends (whoever knew the old password is out). Null when the link was used or ran out in the
 * meantime: the guarded claim decides, so of two submits of one link exactly one changes the password.
 */
export async function resetPassword(db: Db, link: Extract<ResetLink, { state: "usable" }>, password: string, now = new Date()) {
  await refuseGuessablePassword(password, [link.user.email, link.user.fullName]);
  return db.transaction(async (tx) => {
    if (!(await claimPasswordResetToken(tx, link.tokenId, now))) return null;
    await setUserPasswordHash(tx, link.user.id, await hashPassword(password), now);
    await invalidateUserSessions(tx, link.user.id);
    return createSession(tx, link.user.id, now);
  });
}
