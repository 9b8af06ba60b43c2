// Secret tokens after Lucia's reference implementation, shared by sessions and password reset links: the
// token is "<id>.<secret>", the database keeps only SHA-256(secret), so a leaked table cannot be replayed.
import { createHash, getRandomValues, timingSafeEqual } from "node:crypto";

// 24 characters of a 32-letter alphabet = 120 bits of entropy; no look-alike characters.
const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
export function generateSecureRandomString(): string {
  const bytes = getRandomValues(new Uint8Array(24));
  let out = "";
  for (const b of bytes) out += alphabet[b >> 3];
  return out;
}

export const hashSecret = (secret: string) => new Uint8Array(createHash("sha256").update(secret).digest());

/** Compares in constant time, so the answer's timing says nothing about how much of a guess was right. */
export function secretMatches(storedHash: Uint8Array, secret: string) {
  const stored = Buffer.from(storedHash);
  const given = Buffer.from(hashSecret(secret));
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/** A new token: its id (the row's key), the hash to store and the "<id>.<secret>" to hand out once. */
export function newToken() {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  return { id, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

/** "<id>.<secret>" taken apart, or null for anything else (a bounded length keeps junk away from the hash). */
export function splitToken(token: string): { id: string; secret: string } | null {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  return { id, secret };
}
