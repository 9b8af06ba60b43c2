import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromStripeAmount, toStripeAmount } from "../src/lib/stripe-amounts.js";

describe("amounts at the Stripe border", () => {
  test.each([
    ["EUR", 4550, 4550], ["USD", 1999, 1999], ["JPY", 4500, 4500], ["KRW", 50000, 50000],
    // No minor unit in practice, two decimals in Stripe's API: forints and krónur are sent ×100.
    ["HUF", 12000, 1200000], ["ISK", 5000, 500000],
    ["TWD", 1234, 1234], ["UGX", 30000, 30000],
    // Three decimals, and Stripe wants them to end in 0.
    ["KWD", 12340, 12340], ["BHD", 500, 500],
  ])("%s %i is sent as %i and comes back the same", (currency, minor, stripe) => {
    expect(toStripeAmount(minor, currency)).toBe(stripe);
    expect(fromStripeAmount(stripe, currency)).toBe(minor);
  });

  test("a three-decimal amount that does not end in 0 cannot be sent", () => {
    expect(toStripeAmount(12345, "KWD")).toBeNull();
  });

  test("every amount of a two-decimal, zero-decimal and forint practice survives the round trip", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.constantFrom("EUR", "JPY", "HUF", "ISK", "CLP"), (minor, currency) =>
      fromStripeAmount(toStripeAmount(minor, currency)!, currency) === minor), { seed: 20261202, numRuns: 500 });
  });
});
