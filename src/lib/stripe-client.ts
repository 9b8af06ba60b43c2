// The one place the app builds its Stripe SDK and reads Stripe's webhook signatures.
import Stripe from "stripe";
import type { StripeSettings } from "../env.js";

// The settings are read once at start, so this is one SDK per process: a request never pays for building one.
const clients = new WeakMap<StripeSettings, Stripe>();

export function stripeClient(settings: StripeSettings): Stripe {
  let client = clients.get(settings);
  if (!client) {
    // One retry, under the SDK's own idempotency key (it sends one with every POST), rides out a dropped
    // connection without charging twice; 10 s a try bounds how long a slow Stripe holds a request and the
    // payment row it locked.
    client = new Stripe(settings.secretKey, { maxNetworkRetries: 1, timeout: 10_000, ...addressOf(settings.apiBase) });
    clients.set(settings, client);
  }
  return client;
}

// A local fake (tests, offline demos) answers on plain http at its own port; unset means Stripe's API itself.
function addressOf(apiBase: string | undefined) {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol } as const;
}

/**
 * The event of a webhook delivery, or null when it is not provably Stripe's: no secret configured, no or a
 * wrong signature, a body changed after signing, or a signature older than 300 s (a replayed delivery).
 * `rawBody` must be the bytes as received: re-serialized JSON no longer matches its signature.
 */
export function verifiedStripeEvent(settings: StripeSettings, rawBody: string, signature: string | undefined): Stripe.Event | null {
  if (!settings.webhookSecret || !signature) return null;
  try {
    return stripeClient(settings).webhooks.constructEvent(rawBody, signature, settings.webhookSecret);
  } catch (error) {
    // Anyone can post to the webhook: a bad signature is their mistake, answered 400, never our 500.
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return null;
    throw error;
  }
}
