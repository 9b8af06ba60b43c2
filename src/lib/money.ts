// Money is an integer count of the currency's minor units (cents, fils; yen have none) plus the practice's ISO
// currency: text in forms, never floats on the way in or out. Columns keep their `*_cents` names for any currency.
//
// How typed amounts are read (readMoney / parseMoney):
// - Spaces around the amount are ignored, and so is one currency sign or code before or after it ("€45", "45 €",
//   "EUR 45"): only the practice's own currency (its code and its symbols in English), so "$45" in a EUR practice is refused.
// - A dot is always the decimal mark, unless the amount is written with a decimal comma ("1.234,56").
// - A comma between groups of exactly three digits, with nothing or a decimal dot after them, groups thousands:
//   "1,234" is one thousand two hundred and thirty-four in every currency, "1,234.56" is 1234.56.
//   Any other single comma is the decimal mark: "45,50" is 45.50; then dots may group thousands ("1.234.567,89").
// - Spaces, no-break spaces and apostrophes may group thousands in either style ("1 234.00", "1'234,00");
//   every group after the first has exactly three digits, and one amount uses one grouping character.
// - At most as many decimals as the currency has: "19.999" is refused in EUR, "19.5" in JPY (a dot followed by three
//   digits is never read as thousands: "1.234" is 1.234 in KWD and refused in EUR).
// - No signs, exponents, NaN or Infinity; nothing above MAX_MINOR_UNITS (the price cap) unless the caller passes a larger `max`.
// The number is assembled from the digit strings; no step goes through floating point.

/** The most any amount may be, in minor units: the database holds the same bound on every price column. */
export const MAX_MINOR_UNITS = 100_000_000;

type CurrencyFacts = { digits: number; decorations: string[] };
// Keyed by currency code; only codes Intl accepted are stored, so the map stays within the ISO list.
const facts = new Map<string, CurrencyFacts>();

function currencyFacts(currency: string): CurrencyFacts {
  const code = currency.toUpperCase();
  let known = facts.get(code);
  if (!known) {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    const decorations = new Set([code]);
    for (const locale of ["en", "en-GB", "en-US"]) {
      for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
        const sign = new Intl.NumberFormat(locale, { style: "currency", currency: code, currencyDisplay }).formatToParts(1)
          .find((p) => p.type === "currency")?.value;
        if (sign) decorations.add(sign.toUpperCase());
      }
    }
    // Longest first, so "45 US$" loses "US$" rather than only "$".
    known = { digits, decorations: [...decorations].sort((a, b) => b.length - a.length) };
    facts.set(code, known);
  }
  return known;
}

/** ISO 4217 minor-unit digits as Intl knows them: EUR 2, JPY 0, KWD and BHD 3. Throws RangeError for a code that is not a currency. */
export const minorUnitDigits = (currency: string): number => currencyFacts(currency).digits;

export type MoneyReading =
  | { ok: true; minor: number }
  | { ok: false; reason: "empty" | "format" | "negative" | "decimals" | "too_large"; digits: number };

const GROUP_SPACES = " \u00a0\u202f\u2009'\u2019";
const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");

/** Integer digits written plain ("1234") or grouped by threes with one of `separators` ("1,234,567"); null otherwise. */
function integerDigits(text: string, separators: string): string | null {
  if (/^[0-9]+$/.test(text)) return text;
  const grouped = new RegExp(`^[0-9]{1,3}([${escape(separators)}])[0-9]{3}(?:\\1[0-9]{3})*$`).exec(text);
  return grouped ? text.split(grouped[1]!).join("") : null;
}

/** The amount without one leading or trailing sign or code of the currency (anything else stays, and fails later). */
function stripDecoration(text: string, decorations: readonly string[]): string {
  const upper = text.toUpperCase();
  for (const sign of decorations) {
    if (upper.startsWith(sign)) return text.slice(sign.length).trim();
    if (upper.endsWith(sign)) return text.slice(0, text.length - sign.length).trim();
  }
  return text;
}

/** Splits the amount into integer and fraction digit strings by the rules at the top of this file. */
function digitStrings(body: string): { whole: string; fraction: string } | null {
  // A decimal dot (at most one), with commas or spaces grouping thousands.
  const dot = /^([^.]*)(?:\.([0-9]+))?$/.exec(body);
  if (dot) {
    const whole = integerDigits(dot[1]!, `,${GROUP_SPACES}`);
    if (whole !== null) return { whole, fraction: dot[2] ?? "" };
  }
  // A decimal comma (at most one), with dots or spaces grouping thousands.
  const comma = /^([^,]*)(?:,([0-9]+))?$/.exec(body);
  if (comma) {
    const whole = integerDigits(comma[1]!, `.${GROUP_SPACES}`);
    if (whole !== null) return { whole, fraction: comma[2] ?? "" };
  }
  return null;
}

/**
 * Reads a typed amount into minor units of `currency`, or says why it is not one (for the form's message).
 * `max` is the largest amount accepted, in minor units: the price cap unless a caller needs more (at most MAX_SAFE_INTEGER).
 */
export function readMoney(text: string, currency: string, max: number = MAX_MINOR_UNITS): MoneyReading {
  const { digits, decorations } = currencyFacts(currency);
  const fail = (reason: Exclude<MoneyReading, { ok: true }>["reason"]): MoneyReading => ({ ok: false, reason, digits });
  const trimmed = text.trim();
  if (!trimmed) return fail("empty");
  if (trimmed.length > 40) return fail("format");
  let body = stripDecoration(trimmed, decorations);
  if (!body) return fail("format");
  const negative = /^[-\u2212]\s*/.exec(body);
  if (negative) body = body.slice(negative[0].length);
  const parts = digitStrings(body);
  if (!parts) return fail("format");
  if (negative) return fail("negative");
  if (parts.fraction.length > digits) return fail("decimals");
  const minor = BigInt(parts.whole + parts.fraction.padEnd(digits, "0"));
  if (minor > BigInt(Math.min(max, Number.MAX_SAFE_INTEGER))) return fail("too_large");
  return { ok: true, minor: Number(minor) };
}

/** "45", "45.5", "45,50", "1 234.00", "1,234.56", "€45", "45 €" → minor units of `currency`, at most `max`; null when it is not such an amount. */
export function parseMoney(text: string, currency: string, max: number = MAX_MINOR_UNITS): number | null {
  const reading = readMoney(text, currency, max);
  return reading.ok ? reading.minor : null;
}

/** Minor units as the plain decimal a form field shows back: 4550 EUR → "45.50", 4550 JPY → "4550", 12345 KWD → "12.345". */
export function minorToInput(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`An amount in minor units is a whole number, not ${minor}.`);
  const digits = minorUnitDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const units = String(Math.abs(minor));
  if (digits === 0) return sign + units;
  const padded = units.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

const formats = new Map<string, Intl.NumberFormat>();
/** "€45.50" for 4550 EUR, "¥4,550" for 4550 JPY; Intl is given the exact decimal string, so no float rounding. */
export function formatMoney(minor: number, currency: string, locale = "en-GB") {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format); // currencies are validated ISO codes: a bounded set
  }
  return format.format(minorToInput(minor, currency) as Intl.StringNumericLiteral);
}
