// The practice-wide Payments page: who owes what (visits and enrollments), and the payments received with
// their monthly totals under one set of filters. The filter form's swap asks for the results alone.
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { owedUntil } from "../domain/payments.js";
import { listOwedEnrollments, listOwedVisits, listPayments, monthlyTotals, type PaymentFilters } from "../queries/payments.js";

/** Rows the page lists at most; the totals above them count every payment the filters match. */
export const PAGE_ROWS = 200;
/** One CSV file holds at most this many payments: a practice with more narrows the dates. */
export const EXPORT_ROWS = 20_000;

/** Visits and enrollments with something left to pay, practice-wide, oldest first, and their total. */
export async function loadOwedItems(db: Db, practice: Practice) {
  const [visits, enrollments] = await Promise.all([
    listOwedVisits(db, practice.id, owedUntil(practice.timezone), undefined, PAGE_ROWS), listOwedEnrollments(db, practice.id, undefined, PAGE_ROWS),
  ]);
  const owedCents = visits.reduce((sum, v) => sum + v.attendee.priceCents - v.attendee.paidCents, 0)
    + enrollments.reduce((sum, e) => sum + e.enrollment.priceCents - e.enrollment.paidCents, 0);
  // A list cut at its limit leaves some owed items out of the total too: the page says "at least".
  const complete = visits.length < PAGE_ROWS && enrollments.length < PAGE_ROWS;
  return { visits, enrollments, owedCents, complete };
}
export type OwedItems = Awaited<ReturnType<typeof loadOwedItems>>;

/** The filtered payments, newest first, and received / refunded / net per month of the practice's calendar. */
export async function loadPaymentResults(db: Db, practice: Practice, filters: PaymentFilters) {
  const [payments, months] = await Promise.all([
    listPayments(db, practice.id, filters, PAGE_ROWS),
    monthlyTotals(db, practice.id, practice.timezone, filters),
  ]);
  return { payments, months, more: payments.length === PAGE_ROWS };
}
export type PaymentResults = Awaited<ReturnType<typeof loadPaymentResults>>;
