// Stripe counts some currencies in other units than ISO 4217 does (https://docs.stripe.com/currencies):
// its zero-decimal list, its three-decimal list (amounts must end in 0), and two-decimal API amounts for
// currencies that have no minor unit in practice (HUF, ISK, TWD…). Our amounts are in ISO minor units
// (src/lib/money.ts); these convert exactly at the border, or say that an amount cannot be sent.
import { minorUnitDigits } from "./money.js";

const STRIPE_ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);
const STRIPE_THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

const stripeDigits = (currency: string) => (STRIPE_ZERO_DECIMAL.has(currency) ? 0 : STRIPE_THREE_DECIMAL.has(currency) ? 3 : 2);

/** Our minor units as Stripe's `amount`; null when Stripe cannot take it exactly (a three-decimal amount not ending in 0). */
export function toStripeAmount(minor: number, currency: string): number | null {
  const shift = stripeDigits(currency) - minorUnitDigits(currency);
  const amount = shift >= 0 ? minor * 10 ** shift : minor % 10 ** -shift === 0 ? minor / 10 ** -shift : null;
  if (amount === null || (STRIPE_THREE_DECIMAL.has(currency) && amount % 10 !== 0)) return null;
  return amount;
}

/** Stripe's `amount` (a total, a refund) in our minor units, rounded down if Stripe is finer than ISO. */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = stripeDigits(currency) - minorUnitDigits(currency);
  return shift >= 0 ? Math.floor(amount / 10 ** shift) : amount * 10 ** -shift;
}
