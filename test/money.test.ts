// Money in the currency's own decimals: typed text to integer minor units and back, exactly, in EUR, USD, GBP, JPY and KWD.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { practices, programs, services } from "../src/db/schema.js";
import { MAX_PRICE_CENTS, priceExample, priceText } from "../src/lib/fields.js";
import { formatMoney, MAX_MINOR_UNITS, minorToInput, minorUnitDigits, parseMoney, readMoney } from "../src/lib/money.js";
import { aPracticeWithStaff } from "./factories.js";
import { testDb, text } from "./harness.js";

const CURRENCIES = ["EUR", "USD", "GBP", "JPY", "KWD"] as const;
const SEEDED = { seed: 20261202, numRuns: 500 };

describe("minor-unit digits", () => {
  test("come from Intl's ISO 4217 data: two for EUR, USD and GBP, none for JPY, three for KWD and BHD", () => {
    expect(Object.fromEntries(["EUR", "USD", "GBP", "JPY", "KRW", "KWD", "BHD"].map((c) => [c, minorUnitDigits(c)])))
      .toEqual({ EUR: 2, USD: 2, GBP: 2, JPY: 0, KRW: 0, KWD: 3, BHD: 3 });
  });

  test("are the same for a lower-case code, and a code that is not a currency throws", () => {
    expect(minorUnitDigits("jpy")).toBe(0);
    expect(() => minorUnitDigits("EURO")).toThrow(RangeError);
  });
});

// [typed, currency, minor units or null]
const reads: [string, string, number | null][] = [
  // plain amounts, in each currency's decimals
  ["45", "EUR", 4500], ["45.5", "EUR", 4550], ["45.50", "EUR", 4550], ["45,50", "EUR", 4550], ["0", "EUR", 0], ["0.07", "EUR", 7],
  ["19.99", "EUR", 1999], ["999999.99", "EUR", 99999999], ["0045.10", "EUR", 4510], ["1000000", "EUR", 100_000_000],
  ["45", "USD", 4500], ["19.99", "USD", 1999], ["$19.99", "USD", 1999], ["US$19.99", "USD", 1999], ["19.99 USD", "USD", 1999],
  ["45", "GBP", 4500], ["£45.5", "GBP", 4550], ["0.01", "GBP", 1], ["GBP 12", "GBP", 1200],
  ["4500", "JPY", 4500], ["¥4500", "JPY", 4500], ["JP¥4,500", "JPY", 4500], ["0", "JPY", 0], ["100000000", "JPY", 100_000_000],
  ["12.345", "KWD", 12345], ["12.3", "KWD", 12300], ["12,345", "KWD", 12345_000], ["KWD 1.5", "KWD", 1500], ["0.001", "KWD", 1],
  ["12,3", "KWD", 12300], ["100000", "KWD", 100_000_000],
  // currency signs and codes before or after, with or without a space; spaces around
  ["€45", "EUR", 4500], ["€ 45", "EUR", 4500], ["45 €", "EUR", 4500], ["45€", "EUR", 4500], ["EUR 45", "EUR", 4500],
  ["45 eur", "EUR", 4500], ["  45.50  ", "EUR", 4550], ["\t€ 1 234.00\n", "EUR", 123400],
  // thousands: commas before a dot or the end, dots before a decimal comma, spaces and apostrophes either way
  ["1,234", "EUR", 123400], ["1,234.56", "EUR", 123456], ["1,000,000.00", "EUR", 100_000_000], ["987,654.32", "EUR", 98765432], ["1 234.00", "EUR", 123400],
  ["1\u00a0234,56", "EUR", 123456], ["1\u202f234,56", "EUR", 123456], ["1'234.50", "EUR", 123450], ["1.234,56", "EUR", 123456],
  ["987.654,32", "EUR", 98765432], ["1.234.567", "JPY", 1234567], ["1,234", "JPY", 1234], ["1 234 567", "JPY", 1234567],
  // more decimals than the currency has
  ["19.999", "EUR", null], ["4.555", "EUR", null], ["1.234", "EUR", null], ["12,3456", "EUR", null], ["19.5", "JPY", null],
  ["4500.00", "JPY", null], ["45,50", "JPY", null], ["1.2345", "KWD", null],
  // not amounts
  ["", "EUR", null], ["   ", "EUR", null], ["€", "EUR", null], ["abc", "EUR", null], ["-5", "EUR", null], ["−5", "EUR", null],
  ["+5", "EUR", null], ["(5)", "EUR", null], ["NaN", "EUR", null], ["Infinity", "EUR", null], ["1e3", "EUR", null], ["1E3", "EUR", null],
  ["0x10", "EUR", null], ["12.3.4", "EUR", null], ["45.", "EUR", null], [".5", "EUR", null], ["1,23,456", "EUR", null],
  ["12 34", "EUR", null], ["1,234 567", "EUR", null], ["1,234,56", "EUR", null], ["1.234.56", "EUR", null], ["٤٥", "EUR", null],
  ["45 50", "EUR", null], ["$45", "EUR", null], ["USD 45", "EUR", null], ["€45€", "EUR", null], ["45abc", "EUR", null],
  // above the cap (MAX_MINOR_UNITS minor units, whatever the currency)
  ["1000000.01", "EUR", null], ["1234567.89", "EUR", null], ["1,234,567.89", "EUR", null], ["9999999999", "EUR", null], ["100000001", "JPY", null], ["100000.001", "KWD", null],
  ["99999999999999999999999999", "EUR", null],
];

describe("parseMoney", () => {
  test.each(reads)("reads %j in %s as %j", (typed, currency, minor) => {
    expect(parseMoney(typed, currency)).toBe(minor);
  });

  test("reads amounts above the price cap exactly when the caller allows them, and refuses them otherwise", () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(parseMoney("1234567.89", "EUR", big)).toBe(123456789);
    expect(parseMoney("1,234,567.89", "EUR", big)).toBe(123456789);
    expect(parseMoney("1.234.567,89", "EUR", big)).toBe(123456789);
    expect(parseMoney("90071992547409.91", "EUR", big)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseMoney("90071992547409.92", "EUR", big)).toBeNull();
    expect(parseMoney("1234567.89", "EUR")).toBeNull();
    expect(parseMoney("1000000.00", "EUR")).toBe(MAX_MINOR_UNITS);
    expect(parseMoney("1000000.01", "EUR")).toBeNull();
  });

  test("says why an amount was refused, so a form can say it in words", () => {
    expect(readMoney("", "EUR")).toMatchObject({ ok: false, reason: "empty" });
    expect(readMoney("lots", "EUR")).toMatchObject({ ok: false, reason: "format" });
    expect(readMoney("-5", "EUR")).toMatchObject({ ok: false, reason: "negative" });
    expect(readMoney("19.999", "EUR")).toMatchObject({ ok: false, reason: "decimals", digits: 2 });
    expect(readMoney("19.5", "JPY")).toMatchObject({ ok: false, reason: "decimals", digits: 0 });
    expect(readMoney("1000000.01", "EUR")).toMatchObject({ ok: false, reason: "too_large" });
    expect(readMoney("45,50", "EUR")).toEqual({ ok: true, minor: 4550 });
  });

  test("reads any digit string with up to the currency's decimals as exactly the integer its digits spell", () => {
    const digitString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
    const amount = fc.constantFrom(...CURRENCIES).chain((currency) => {
      const d = minorUnitDigits(currency);
      return fc.record({ currency: fc.constant(currency), whole: digitString(1, 12), fraction: digitString(0, d) });
    });
    fc.assert(fc.property(amount, ({ currency, whole, fraction }) => {
      const typed = fraction ? `${whole}.${fraction}` : whole;
      const expected = BigInt(whole + fraction.padEnd(minorUnitDigits(currency), "0"));
      expect(parseMoney(typed, currency, Number.MAX_SAFE_INTEGER)).toBe(Number(expected));
      expect(parseMoney(typed, currency)).toBe(expected <= BigInt(MAX_MINOR_UNITS) ? Number(expected) : null);
      // The same with a comma: a decimal comma, unless it sits between thousands ("123,456" groups them).
      const groupsThousands = fraction.length === 3 && whole.length <= 3;
      if (fraction) expect(parseMoney(`${whole},${fraction}`, currency), "with a comma").toBe(
        groupsThousands ? parseMoney(whole + fraction, currency) : parseMoney(typed, currency));
    }), SEEDED);
  });

  test("refuses any amount with more decimals than the currency has", () => {
    const tooPrecise = fc.record({
      currency: fc.constantFrom(...CURRENCIES),
      whole: fc.nat({ max: 999_999 }),
      extra: fc.integer({ min: 1, max: 4 }),
      seed: fc.nat(),
    }).map(({ currency, whole, extra, seed }) => {
      const places = minorUnitDigits(currency) + extra;
      const fraction = String(seed).padStart(places, "0").slice(-places);
      return { currency, typed: `${whole}.${fraction}` };
    });
    fc.assert(fc.property(tooPrecise, ({ currency, typed }) => {
      expect(parseMoney(typed, currency)).toBeNull();
    }), SEEDED);
  });

  test("never reads a number written with a sign, an exponent or other letters", () => {
    const junk = fc.tuple(fc.constantFrom("-", "+", "−", "e", "E", "x", "NaN", "Infinity"), fc.nat({ max: 10_000 }), fc.boolean())
      .map(([mark, n, before]) => (before ? `${mark}${n}` : `${n}${mark}${n}`));
    fc.assert(fc.property(junk, fc.constantFrom(...CURRENCIES), (typed, currency) => {
      expect(parseMoney(typed, currency)).toBeNull();
    }), SEEDED);
  });
});

// [minor units, currency, what a form field shows, what a page shows]
const shows: [number, string, string, string][] = [
  [4550, "EUR", "45.50", "€45.50"], [7, "EUR", "0.07", "€0.07"], [0, "EUR", "0.00", "€0.00"], [123456789, "EUR", "1234567.89", "€1,234,567.89"],
  [1999, "USD", "19.99", "US$19.99"], [100, "USD", "1.00", "US$1.00"],
  [4550, "GBP", "45.50", "£45.50"], [1, "GBP", "0.01", "£0.01"],
  [4550, "JPY", "4550", "JP¥4,550"], [0, "JPY", "0", "JP¥0"], [100_000_000, "JPY", "100000000", "JP¥100,000,000"],
  [12345, "KWD", "12.345", "KWD\u00a012.345"], [5, "KWD", "0.005", "KWD\u00a00.005"], [1000, "KWD", "1.000", "KWD\u00a01.000"],
];

describe("minorToInput and formatMoney", () => {
  test.each(shows)("show %i %s as %j in a field and %j on a page", (minor, currency, input, page) => {
    expect(minorToInput(minor, currency)).toBe(input);
    expect(formatMoney(minor, currency)).toBe(page);
    expect(parseMoney(input, currency, Number.MAX_SAFE_INTEGER)).toBe(minor);
  });

  test("a refund shown back keeps its sign; a fraction of a minor unit is a programming error", () => {
    expect(minorToInput(-4550, "EUR")).toBe("-45.50");
    expect(minorToInput(-5, "KWD")).toBe("-0.005");
    expect(() => minorToInput(45.5, "EUR")).toThrow(RangeError);
  });

  test("formatMoney is exact beyond a float's precision and follows the locale asked for", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "EUR")).toBe("€90,071,992,547,409.91");
    expect(formatMoney(4550, "EUR", "de-DE")).toBe("45,50\u00a0€");
    expect(formatMoney(4550, "JPY", "ja-JP")).toBe("￥4,550");
  });

  test("every amount up to the cap comes back from its field text unchanged, in every currency", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_MINOR_UNITS }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
      expect(parseMoney(minorToInput(minor, currency), currency)).toBe(minor);
    }), SEEDED);
  });

  test("the field text has exactly the currency's decimals, and reading it never goes through a float", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_MINOR_UNITS }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
      const input = minorToInput(minor, currency);
      const d = minorUnitDigits(currency);
      expect(input).toMatch(d === 0 ? /^[0-9]+$/ : new RegExp(`^[0-9]+\\.[0-9]{${d}}$`));
      expect(input.replace(".", "").replace(/^0+(?=.)/, "")).toBe(String(minor));
    }), SEEDED);
  });
});

describe("the price field", () => {
  const price = (currency: string, typed: string) => {
    const result = priceText(currency, ["45", "45.50"]).safeParse(typed);
    return result.success ? result.data : result.error.issues[0]!.message;
  };

  test("gives its example in the currency's shape", () => {
    expect(priceExample("EUR", ["45", "45.50"])).toBe("45 or 45.50");
    expect(priceExample("KWD", ["45", "45.50"])).toBe("45 or 45.500");
    expect(priceExample("JPY", ["45", "45.50"])).toBe("4500");
    expect(priceExample("EUR", ["250", "249.50"])).toBe("250 or 249.50");
  });

  test("reads the price into minor units and says what was wrong in words", () => {
    expect(price("EUR", "45,50")).toBe(4550);
    expect(price("JPY", "4,500")).toBe(4500);
    expect(price("EUR", "cheap")).toBe("Enter a price like 45 or 45.50.");
    expect(price("JPY", "cheap")).toBe("Enter a price like 4500.");
    expect(price("EUR", "19.999")).toBe("Prices in EUR have at most 2 decimals: enter one like 45 or 45.50.");
    expect(price("JPY", "19.5")).toBe("Prices in JPY have no decimals: enter one like 4500.");
    expect(price("KWD", "1.2345")).toBe("Prices in KWD have at most 3 decimals: enter one like 45 or 45.500.");
    expect(price("EUR", "-3")).toBe("The price cannot be negative.");
    expect(price("EUR", "1000000.01")).toBe("The price is at most 1,000,000.");
    expect(price("JPY", "100000001")).toBe("The price is at most 100,000,000.");
    expect(price("KWD", "100000.001")).toBe("The price is at most 100,000.");
    expect(MAX_PRICE_CENTS).toBe(MAX_MINOR_UNITS);
  });
});

describe("a practice that charges in yen", () => {
  test("types, stores, lists and edits service prices in whole yen", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    await testDb().update(practices).set({ currency: "JPY" }).where(eq(practices.id, practice.id));
    const created = await staff.post("/services", { form: { name: "Shiatsu", durationMinutes: "60", price: "¥6,500", capacity: "1" } });
    expect(created.status).toBe(303);
    const [row] = await testDb().select().from(services).where(eq(services.practiceId, practice.id));
    expect(row!.priceCents).toBe(6500);
    expect(text(await staff.get("/services"), "tbody tr td:nth-child(3)")).toBe("JP¥6,500");
    const edit = await staff.get(`/services/${row!.id}/edit`);
    expect(edit.doc().querySelector("#price")!.getAttribute("value")).toBe("6500");
  });

  test("refuses a price with decimals, saying yen have none", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    await testDb().update(practices).set({ currency: "JPY" }).where(eq(practices.id, practice.id));
    const reply = await staff.post("/services", { form: { name: "Shiatsu", durationMinutes: "60", price: "65.50", capacity: "1" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#price-error")).toBe("Prices in JPY have no decimals: enter one like 4500.");
  });
});

describe("a practice that charges in Kuwaiti dinars", () => {
  test("keeps a program's price to the fils and shows it back in the edit form", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    await testDb().update(practices).set({ currency: "KWD" }).where(eq(practices.id, practice.id));
    const created = await staff.post("/programs", { form: { type: "package", name: "Ten visits", sessionsCount: "10", price: "120.125" } });
    expect(created.status).toBe(303);
    const programId = created.headers.get("location")!.split("/").pop()!;
    const edit = await staff.get(`/programs/${programId}/edit`);
    expect(edit.doc().querySelector("#price")!.getAttribute("value")).toBe("120.125");
    const [row] = await testDb().select().from(programs).where(eq(programs.id, programId));
    expect(row!.priceCents).toBe(120125);
    expect((await staff.get(`/programs/${programId}`)).body).toContain("KWD\u00a0120.125");
  });
});
