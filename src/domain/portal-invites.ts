// Portal access: the practice invites a client by email (a single-use link that works for 7 days, only
// SHA-256 of its secret stored), the client sets a password or signs in with the login they already have
// (one person may be a client of several practices), and the practice can send the link again or end access.
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Client, ClientInvite, Practice, User } from "../db/schema.js";
import { hashPassword } from "../auth/password.js";
import { createSession } from "../auth/session.js";
import { newToken, secretMatches, splitToken } from "../auth/tokens.js";
import { invitationEmail } from "../emails/invitation.js";
import { DomainError, domainErrorFromDatabase } from "../lib/errors.js";
import * as field from "../lib/fields.js";
import { recordAudit } from "../queries/audit-log.js";
import { claimClientInvite, deleteUnusedClientInvites, findClientInviteByTokenId, findLatestClientInvite, insertClientInvite } from "../queries/client-invites.js";
import { enqueueEmail } from "../queries/outbox.js";
import { linkPortalUser, unlinkPortalUser } from "../queries/portal-accounts.js";
import { findUserByEmail, insertUser } from "../queries/users.js";
import { authenticate } from "./accounts.js";
import { refuseGuessablePassword } from "./password-strength.js";

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const newPortalLoginForm = z.object({ fullName: field.personName, password: field.newPassword });
export const existingLoginForm = z.object({ password: field.anyPassword });

export type PortalStatus =
  | { state: "not_invited" }
  | { state: "invited"; email: string; sentAt: Date; expiresAt: Date }
  | { state: "invite_expired"; email: string; sentAt: Date }
  | { state: "active" }
  | { state: "revoked"; at: Date };

/** Where the client's portal access stands, from the client row and their newest invitation. */
export function portalStatusOf(client: Client, latest: ClientInvite | null, now = new Date()): PortalStatus {
  if (client.portalUserId) return { state: "active" };
  // An invitation sent after access was ended is what counts; a used one belonged to access since ended.
  const current = latest && !latest.usedAt && (!client.portalRevokedAt || latest.createdAt > client.portalRevokedAt) ? latest : null;
  if (current && current.expiresAt > now) return { state: "invited", email: current.email, sentAt: current.createdAt, expiresAt: current.expiresAt };
  if (current) return { state: "invite_expired", email: current.email, sentAt: current.createdAt };
  if (client.portalRevokedAt) return { state: "revoked", at: client.portalRevokedAt };
  return { state: "not_invited" };
}

export async function loadPortalStatus(db: Db, practiceId: string, client: Client, now = new Date()) {
  return portalStatusOf(client, client.portalUserId ? null : await findLatestClientInvite(db, practiceId, client.id), now);
}

/**
 * Sends (or sends again) the invitation: older unused links stop working, so only the newest email opens
 * the portal. The email is written to the outbox in this transaction and goes out with the worker.
 */
export async function inviteToPortal(db: Db, practice: Practice, actor: Pick<User, "id" | "email">, client: Client, appUrl: string, now = new Date()) {
  if (client.erasedAt) throw new DomainError("not_found", "There is no such client in this practice.");
  if (!client.email) throw new DomainError("validation_failed", "Add the client's email address first: the invitation is sent there.");
  if (client.portalUserId) throw new DomainError("conflict", `${client.firstName} already has portal access.`);
  const { id, secretHash, token } = newToken();
  const email = invitationEmail({ practiceName: practice.name, firstName: client.firstName, url: `${appUrl}/portal/invite/${token}`, replyTo: actor.email });
  await deleteUnusedClientInvites(db, practice.id, client.id);
  const invite = await insertClientInvite(db, practice.id, {
    id, clientId: client.id, email: client.email.toLowerCase(), secretHash, expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS), createdBy: actor.id,
  });
  await enqueueEmail(db, practice.id, { kind: "invitation", to: client.email, ...email, dedupeKey: `invitation:${id}`, sendAt: now, clientId: client.id });
  await recordAudit(db, practice.id, { actorUserId: actor.id, action: "portal_invite", entity: "client", entityId: client.id });
  return invite;
}

/** Ends access now and voids any unused link; the login itself stays (it may be a client elsewhere). */
export async function revokePortalAccess(db: Db, practiceId: string, actorUserId: string, client: Client, now = new Date()) {
  await deleteUnusedClientInvites(db, practiceId, client.id);
  const updated = await unlinkPortalUser(db, practiceId, client.id, now);
  await recordAudit(db, practiceId, { actorUserId, action: "portal_revoke", entity: "client", entityId: client.id });
  return updated;
}

export type InviteLink =
  | { state: "usable"; invite: ClientInvite; client: Client; practice: Practice; existingLogin: User | null }
  | { state: "unknown" | "used" | "expired" };

/** What a link in an email is now: usable, used, expired, or nothing we sent (a tampered secret looks like that). */
export async function checkInviteLink(db: Db, token: string, now = new Date()): Promise<InviteLink> {
  const parts = splitToken(token);
  const row = parts ? await findClientInviteByTokenId(db, parts.id) : null;
  if (!parts || !row || !secretMatches(row.invite.secretHash, parts.secret) || row.client.erasedAt) return { state: "unknown" };
  if (row.invite.usedAt) return { state: "used" };
  if (row.invite.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  return { state: "usable", ...row, existingLogin: await findUserByEmail(db, row.invite.email) };
}

type Usable = Extract<InviteLink, { state: "usable" }>;

/** Uses the link up and opens the portal for `userId`; together or not at all (the request's transaction). */
async function acceptInvite(db: Db, link: Usable, userId: string, now: Date) {
  if (!(await claimClientInvite(db, link.practice.id, link.invite.id, now))) {
    throw new DomainError("conflict", "This invitation was used a moment ago. Log in with the password you chose.");
  }
  if (!(await linkPortalUser(db, link.practice.id, link.client.id, userId))) {
    throw new DomainError("conflict", `This client record already has a portal login. Please ask ${link.practice.name} for help.`);
  }
  await recordAudit(db, link.practice.id, { actorUserId: userId, action: "portal_accept", entity: "client", entityId: link.client.id });
}

/** A first login: the invitation proves the address, so the new login's email counts as verified. */
export async function acceptInviteWithNewLogin(db: Db, link: Usable, form: z.output<typeof newPortalLoginForm>, now = new Date()) {
  await refuseGuessablePassword(form.password, [link.invite.email, form.fullName, link.practice.name]);
  const passwordHash = await hashPassword(form.password);
  try {
    return await db.transaction(async (tx) => {
      const user = await insertUser(tx, { email: link.invite.email, passwordHash, fullName: form.fullName, emailVerifiedAt: now });
      await acceptInvite(tx, link, user.id, now);
      return createSession(tx, user.id, now);
    });
  } catch (error) {
    // Two submits of one link at once: the second finds the login the first just made.
    throw domainErrorFromDatabase(error, { users_email_key: "This invitation was used a moment ago. Log in with the password you chose." }) ?? error;
  }
}

/** The address has a login already (a client of another practice, or staff): its password proves it is them. */
export async function acceptInviteWithExistingLogin(db: Db, link: Usable, password: string, ip: string, now = new Date()) {
  const user = await authenticate(db, { email: link.invite.email, password, ip }, now);
  return db.transaction(async (tx) => {
    await acceptInvite(tx, link, user.id, now);
    return createSession(tx, user.id, now);
  });
}

/** Already signed in with the invited address: one tap. */
export async function acceptInviteSignedIn(db: Db, link: Usable, user: User, now = new Date()) {
  if (user.email !== link.invite.email) throw new DomainError("forbidden", `This invitation is for ${link.invite.email}. Log out first, then open the link again.`);
  await db.transaction((tx) => acceptInvite(tx, link, user.id, now));
  return null;
}
