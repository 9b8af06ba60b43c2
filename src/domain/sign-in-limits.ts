// How many log-in and sign-up attempts we evaluate, counted in PostgreSQL so that every app instance
// shares them. An attempt over any limit is refused before its password is hashed: hashing is the
// expensive part, and a flood of refused attempts must not slow the app for everyone else.
import type { Db } from "../db/client.js";
import { DomainError } from "../lib/errors.js";
import { clearBuckets, giveBackHits, takeHits, type Bucket } from "../queries/rate-limits.js";

const MINUTE = 60_000;

export const LOGIN_LIMITS = {
  /** One account from one address: a person who forgot their password, or a guesser. */
  accountAtAddress: { limit: 10, windowMs: 15 * MINUTE },
  /** One address across accounts: trying one password on many emails. A studio's shared wifi is one address. */
  address: { limit: 30, windowMs: 15 * MINUTE },
  /** One account across addresses: a guesser spread over many machines. */
  account: { limit: 30, windowMs: 15 * MINUTE },
} as const;


const tooManyLogins = "Too many failed attempts. Wait 15 minutes and try again.";

function loginBuckets(email: string, ip: string): Bucket[] {
  // Named by position in admitLogin; takeHits locks them in key order, whatever the order here.
  return [
    { key: `login:address:${ip}`, ...LOGIN_LIMITS.address },
    { key: `login:account:${email}`, ...LOGIN_LIMITS.account },
    { key: `login:account-at-address:${email}|${ip}`, ...LOGIN_LIMITS.accountAtAddress },
  ];
}

/**
 * Buckets this process has seen full, and when their window ends. A full bucket stays full until then
 * (only an admitted attempt's success gives a hit back, and none is admitted while it is full), so a flood
 * of refused attempts is answered without a database round trip and cannot queue for the connections
 * everyone else needs. Bounded: expired entries go when it grows.
 */
const fullUntil = new Map<string, number>();
const FULL_BUCKETS_KEPT = 10_000;

function rememberFull(key: string, resetsAt: Date, now: Date) {
  if (fullUntil.size >= FULL_BUCKETS_KEPT) {
    for (const [k, until] of fullUntil) if (until <= now.getTime()) fullUntil.delete(k);
    if (fullUntil.size >= FULL_BUCKETS_KEPT) fullUntil.clear();
  }
  fullUntil.set(key, resetsAt.getTime());
}

/** Counts what the hits said against the limits; a refused attempt gives its hits back (it was never evaluated). */
async function admit(db: Db, buckets: Bucket[], now: Date, refusal: string) {
  if (buckets.some((b) => (fullUntil.get(b.key) ?? 0) > now.getTime())) throw new DomainError("rate_limited", refusal);
  const counts = await takeHits(db, buckets, now);
  const full = buckets.filter((b) => (counts.get(b.key)?.hits ?? 0) > b.limit);
  if (full.length) {
    for (const b of full) rememberFull(b.key, counts.get(b.key)!.resetsAt, now);
    await giveBackHits(db, buckets.map((b) => b.key));
    throw new DomainError("rate_limited", refusal);
  }
}

/**
 * Admits one login attempt or refuses it with 429. The caller reports the outcome: a success clears the
 * account's count at this address and gives back the other hits, a failure keeps them.
 */
export async function admitLogin(db: Db, email: string, ip: string, now = new Date()) {
  const buckets = loginBuckets(email, ip);
  const [address, account, accountAtAddress] = buckets;
  await admit(db, buckets, now, tooManyLogins);
  return {
    succeeded: async () => {
      await clearBuckets(db, [accountAtAddress!.key]);
      await giveBackHits(db, [address!.key, account!.key]);
    },
  };
}

/** Sign-ups from one address per hour: every admitted attempt counts, a successful one too. */
export async function admitSignup(db: Db, ip: string, perHour: number, now = new Date()) {
  const bucket = { key: `signup:address:${ip}`, limit: perHour, windowMs: 60 * MINUTE };
  await admit(db, [bucket], now, "Too many sign-ups from this network. Wait an hour and try again.");
}

export const PASSWORD_RESET_LIMITS = {
  /** Links sent to one address: enough for a lost email or two, not enough to flood someone's inbox. */
  account: { limit: 5, windowMs: 60 * MINUTE },
  /** Requests from one address across emails: probing or spamming many inboxes from one machine. */
  address: { limit: 30, windowMs: 15 * MINUTE },
} as const;

/**
 * Password reset requests: every admitted one counts (it may send an email). Counted by the email as typed,
 * whether or not it has an account, so the refusal says nothing about who has one.
 */
export async function admitPasswordReset(db: Db, email: string, ip: string, now = new Date()) {
  await admit(db, [
    { key: `password-reset:account:${email}`, ...PASSWORD_RESET_LIMITS.account },
    { key: `password-reset:address:${ip}`, ...PASSWORD_RESET_LIMITS.address },
  ], now, "Too many reset requests. Wait a while and try again; the emails we sent may be in your spam folder.");
}
