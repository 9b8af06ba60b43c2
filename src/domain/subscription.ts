// The practice's own subscription to the app. Billing is on only when the server has Stripe keys and a
// price; a self-hosted install without them never asks anyone to pay. A lapsed subscription never holds
// data hostage: every page and export still answers, only creating and changing records waits for renewal.
import type { Practice } from "../db/schema.js";
import type { Env } from "../env.js";

export type Standing =
  | { state: "off" }
  | { state: "trial"; endsAt: Date }
  | { state: "active"; renewsAt: Date | null }
  | { state: "past_due" }
  | { state: "lapsed"; why: string };

/** Stripe's statuses in which the practice is paying, or paid up for the period. */
const PAYING = new Set(["active", "trialing"]);

export const billingOn = (env: Env) => !!env.stripe?.priceId;

export function standingOf(practice: Practice, env: Env, now = new Date()): Standing {
  if (!billingOn(env)) return { state: "off" };
  const status = practice.subscriptionStatus;
  if (status && PAYING.has(status)) return { state: "active", renewsAt: practice.subscriptionCurrentPeriodEnd };
  // Stripe retries a failed renewal for days: work goes on, with a banner saying why.
  if (status === "past_due") return { state: "past_due" };
  const trialEnd = new Date(practice.createdAt.getTime() + env.trialDays * 86_400_000);
  // Never subscribed, or the first payment is still being confirmed: the trial applies.
  if ((!status || status === "incomplete") && now < trialEnd) return { state: "trial", endsAt: trialEnd };
  return { state: "lapsed", why: status ? `The subscription is ${status.replace(/_/g, " ")}.` : "The free trial has ended." };
}

export const renewMessage = (standing: Extract<Standing, { state: "lapsed" }>) =>
  `${standing.why} Everything stays readable and exportable; renew in Settings → Billing to create or change records.`;
