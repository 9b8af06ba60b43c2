// The payments list as a CSV file for a bookkeeper: one row per payment, amounts as plain decimals in the
// currency's own digits ("45.50" EUR, "4550" JPY), times as ISO 8601 with the practice's offset.
import { TZDate } from "@date-fns/tz";
import type { PaymentListRow } from "../../src/queries/payments.js";
import { toCsv } from "../../src/lib/csv.js";
import { minorToInput } from "../../src/lib/money.js";
import { methodLabel } from "../../src/lib/payment-methods.js";
import { localParts } from "../../src/lib/time.js";

export const csvHeader = ["paid_at", "client", "item", "method", "status", "amount", "refunded", "net", "currency", "note"] as const;

/**
 * "2030-07-07T10:00:05+01:00": the practice's wall clock, which is what its books go by, and still one exact
 * instant for any program that reads it. Empty for a payment not received (pending or failed).
 */
const paidAtCell = (paidAt: Date | null, timezone: string) =>
  paidAt ? new TZDate(paidAt, timezone).toISOString().replace(/\.\d{3}(?=[+-]|Z)/, "") : "";

function itemCell({ itemLabel, sessionStart }: PaymentListRow, timezone: string) {
  if (!itemLabel) return "Account credit";
  if (!sessionStart) return itemLabel;
  const { date, time } = localParts(sessionStart, timezone);
  return `${itemLabel}, ${date} ${time}`;
}

/** The method in the words the app shows ("Card terminal"); the status as its code ("completed", "refunded"). */
export function paymentsCsv(rows: readonly PaymentListRow[], timezone: string): string {
  return toCsv(csvHeader, rows.map((row) => {
    const { payment } = row;
    const received = payment.status === "completed" || payment.status === "refunded";
    const money = (minor: number) => minorToInput(minor, payment.currency);
    return [
      paidAtCell(payment.paidAt, timezone), row.clientName, itemCell(row, timezone), methodLabel[payment.method], payment.status,
      money(payment.amountCents), money(payment.refundedCents), money(received ? payment.amountCents - payment.refundedCents : 0),
      payment.currency, payment.note ?? "",
    ];
  }));
}
