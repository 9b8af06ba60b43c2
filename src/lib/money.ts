// Money is integer cents plus the practice's ISO currency; text in forms, never floats in the database.

/** "45", "45.5", "45,50", "1 234.00", "€45" → cents; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const cleaned = text.trim().replace(/^[^\d-]+/, "").replace(/[\s\u00a0']/g, "");
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const fraction = (m[2] ?? "").padEnd(2, "0");
  return Number(m[1]) * 100 + Number(fraction);
}

const formats = new Map<string, Intl.NumberFormat>();
export function formatMoney(cents: number, currency: string, locale = "en-GB") {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format); // currencies are validated ISO codes: a bounded set
  }
  return format.format(cents / 100);
}

/** Cents as the plain number a form field shows back: 4550 → "45.50". */
export const centsToInput = (cents: number) => (cents / 100).toFixed(2);
