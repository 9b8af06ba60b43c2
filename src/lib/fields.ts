// Field schemas shared by HTML forms and the JSON API, so both refuse the same input with the same words.
import { z } from "zod";
import { MAX_MINOR_UNITS, minorToInput, minorUnitDigits, readMoney } from "./money.js";
import { dateRangeWords, isInstantInRange } from "./time.js";

export const email = z.string({ error: "Enter an email address." }).trim().toLowerCase()
  .max(254, "An email address is at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const newPassword = z.string({ error: "Enter a password." })
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

// Login checks the password against the hash; the only limit here keeps argon2 from hashing megabytes.
export const anyPassword = z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200, "That password is too long.");

export const personName = z.string({ error: "Enter a name." }).trim()
  .min(1, "Enter a name.").max(120, "Keep it under 120 characters.");

export const practiceName = z.string({ error: "Enter the practice's name." }).trim()
  .min(1, "Enter the practice's name.").max(120, "Keep it under 120 characters.");

// Only zones that resolved are cached (a few hundred exist), so junk input cannot grow the map.
const resolvedZones = new Map<string, string>();
export function canonicalTimeZone(name: string): string | null {
  const known = resolvedZones.get(name);
  if (known) return known;
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+){0,2}$/.test(name)) return null;
  try {
    const zone = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
    resolvedZones.set(name, zone);
    return zone;
  } catch {
    return null;
  }
}

export const timeZones: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone")];

export const timezone = z.string({ error: "Choose a time zone." }).trim().max(64, "Choose a time zone from the list.")
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value);
    if (!zone) {
      ctx.addIssue({ code: "custom", message: "Choose a time zone from the list (an IANA name such as Europe/London)." });
      return z.NEVER;
    }
    return zone;
  });

export const currencies: readonly string[] = Intl.supportedValuesOf("currency");
export const currency = z.string({ error: "Choose a currency." }).trim().toUpperCase()
  .refine((c) => currencies.includes(c), "Choose a currency from the list (ISO 4217, such as EUR).");

/** For z.preprocess: a missing or blank field becomes `fallback`, so optional form fields read as "not given". */
export const emptyAs = (fallback: unknown) => (v: unknown) =>
  (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? fallback : v);

/** HTML forms send every number as text; this reads it and says what was wrong in words. */
export const wholeNumber = (label: string, min: number, max: number) =>
  z.union([z.number(), z.string().trim().regex(/^-?\d+$/, `${label} must be a whole number.`).transform(Number)], {
    error: `${label} must be a whole number.`,
  }).pipe(z.number().int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}.`).max(max, `${label} must be at most ${max}.`));

/** Zod's issues as `{ field: first message }`, the shape both the form views and the API's `fields` use. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** An ISO 8601 instant with its offset (the API's times), inside the app's range of dates. */
export const instant = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} is an ISO 8601 time with offset, e.g. 2026-03-29T09:00:00+01:00.` })
    .refine((v) => isInstantInRange(new Date(v)), `${name} must be ${dateRangeWords}.`);

/** The most any price may be, in minor units of the practice's currency: the database holds the same bound. */
export const MAX_PRICE_CENTS = MAX_MINOR_UNITS;

/** A form's example price as [whole, with decimals] written for a two-decimal currency, e.g. ["45", "45.50"]. */
export type PriceExample = readonly [whole: string, withDecimals: string];

/**
 * The example in the currency's own shape: "45 or 45.50" (EUR), "45 or 45.500" (KWD), and for a currency
 * without decimals the whole amount a hundredfold, since such units are small: "4500" (JPY).
 */
export function priceExample(currency: string, [whole, withDecimals]: PriceExample): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return `${BigInt(whole) * 100n}`;
  const [int, fraction = ""] = withDecimals.split(".");
  return `${whole} or ${int}.${fraction.padEnd(digits, "0").slice(0, digits)}`;
}

/** The largest price in the currency's own words: "1,000,000" (EUR), "100,000,000" (JPY), "100,000" (KWD). */
const maxPriceWords = (currency: string) =>
  new Intl.NumberFormat("en-GB", { maximumFractionDigits: minorUnitDigits(currency) })
    .format(minorToInput(MAX_PRICE_CENTS, currency) as Intl.StringNumericLiteral);

/**
 * A price typed as money in the practice's currency ("45", "45.50", "45,50", "€45"; see src/lib/money.ts for
 * the rules) read into minor units, at most MAX_PRICE_CENTS; each kind of mistake has its own words.
 */
export const priceText = (currency: string, example: PriceExample) => z.string({ error: "Enter a price." }).transform((text, ctx) => {
  const reading = readMoney(text, currency);
  if (reading.ok) return reading.minor;
  const like = priceExample(currency, example);
  const message = {
    empty: `Enter a price like ${like}.`,
    format: `Enter a price like ${like}.`,
    negative: "The price cannot be negative.",
    decimals: reading.digits === 0
      ? `Prices in ${currency} have no decimals: enter one like ${like}.`
      : `Prices in ${currency} have at most ${reading.digits} decimal${reading.digits === 1 ? "" : "s"}: enter one like ${like}.`,
    too_large: `The price is at most ${maxPriceWords(currency)}.`,
  }[reading.reason];
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
});

/** A price that may be left empty (a program without a price). */
export const optionalPriceText = (currency: string, example: PriceExample) => z.preprocess(emptyAs(null), priceText(currency, example).nullable());

/**
 * For a schema that needs the practice's currency: built once per currency and kept (currencies are validated
 * ISO codes, a bounded set), so handlers can call `serviceForm(practice.currency)` on every request.
 */
export function perCurrency<T>(build: (currency: string) => T): (currency: string) => T {
  const built = new Map<string, T>();
  return (currency) => {
    let schema = built.get(currency);
    if (schema === undefined) {
      schema = build(currency);
      built.set(currency, schema);
    }
    return schema;
  };
}
