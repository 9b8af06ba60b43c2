// Money in and out. A payment is recorded against one visit (a session attendance), one enrollment (a
// package or course sold), or neither (account credit). What a visit or an enrollment still owes is its
// price fixed at booking or sale minus what was received net of refunds; the cached `paid_cents` and the
// visit's `payment_status` are recomputed from the payments in the same transaction, on the locked row,
// so they can never disagree with the payments table.
import type Stripe from "stripe";
import type { Db } from "../db/client.js";
import type { CalendarSession, Payment, Practice } from "../db/schema.js";
import { DomainError } from "../lib/errors.js";
import { formatMoney } from "../lib/money.js";
import { toStripeAmount } from "../lib/stripe-amounts.js";
import type { HandMethod } from "../lib/payment-methods.js";
import { addDays, todayIn, zonedInstant } from "../lib/time.js";
import { recordAudit } from "../queries/audit-log.js";
import { findClient } from "../queries/clients.js";
import { changeCredits, findActiveEnrollment, insertLedgerRow, setEnrollmentStatus } from "../queries/programs.js";
import {
  insertPayment, lockClientAttendance, lockClientEnrollment, lockPayment, settleAttendance, settleEnrollmentPaid, updatePaymentRow,
} from "../queries/payments.js";
import { findService } from "../queries/services.js";
import { findAttendee, setAttendeePaymentStatus } from "../queries/sessions.js";

/** Visits are owed from the day they happen: anything starting before the end of today in the practice's zone. */
export const owedUntil = (timezone: string, now = new Date()) => zonedInstant(addDays(todayIn(timezone, now), 1), "00:00", timezone);

/** What a payment is for: a visit, an enrollment, or nothing in particular (account credit). */
export type PaymentItem = { attendeeId: string } | { enrollmentId: string } | null;

/**
 * What a visit costs when it is booked: a course the client is enrolled in covers its sessions; otherwise
 * the service's price, and a visit with no price is marked "no charge" (waived) so it never shows as owed.
 */
export async function visitCharge(tx: Db, practiceId: string, session: CalendarSession, clientId: string) {
  if (session.programId && await findActiveEnrollment(tx, practiceId, session.programId, clientId)) {
    return { priceCents: 0, paymentStatus: "covered" as const };
  }
  const price = session.serviceId ? (await findService(tx, practiceId, session.serviceId))?.priceCents ?? 0 : 0;
  return price > 0 ? { priceCents: price, paymentStatus: "unpaid" as const } : { priceCents: 0, paymentStatus: "waived" as const };
}

/** The item's row, locked, and what it still owes; a 404 when it is not this client's. */
export async function lockItem(tx: Db, practiceId: string, clientId: string, item: PaymentItem) {
  if (!item) return { owed: null, attendeeId: null, enrollmentId: null };
  if ("attendeeId" in item) {
    const attendee = await lockClientAttendance(tx, practiceId, clientId, item.attendeeId);
    if (!attendee) throw new DomainError("not_found", "There is no such visit for this client.", { item: "Choose one of this client's visits." });
    const owed = attendee.paymentStatus === "covered" || attendee.paymentStatus === "waived" ? 0 : Math.max(0, attendee.priceCents - attendee.paidCents);
    return { owed, attendeeId: attendee.id, enrollmentId: null };
  }
  const enrollment = await lockClientEnrollment(tx, practiceId, clientId, item.enrollmentId);
  if (!enrollment) throw new DomainError("not_found", "There is no such enrollment for this client.", { item: "Choose one of this client's programs." });
  return { owed: Math.max(0, enrollment.priceCents - enrollment.paidCents), attendeeId: null, enrollmentId: enrollment.id };
}

/** After any change to a payment: the item it is for follows (status, paid amount, unused credits). */
export async function settleItemOf(tx: Db, practice: Practice, actorUserId: string | null, payment: Payment) {
  if (payment.sessionAttendeeId) await settleAttendance(tx, practice.id, payment.sessionAttendeeId);
  if (payment.enrollmentId) await settleEnrollment(tx, practice, actorUserId, payment.enrollmentId);
}

/**
 * The rule for a refunded package: once everything paid for it has gone back, its unused credits go too
 * (a ledger row, reason "refund") and it ends as dropped. A partial refund keeps the credits: the
 * practitioner gave money back as a gesture, and can still remove credits by hand on the client page.
 */
async function settleEnrollment(tx: Db, practice: Practice, actorUserId: string | null, enrollmentId: string) {
  const settled = await settleEnrollmentPaid(tx, practice.id, enrollmentId);
  if (!settled) return;
  const { enrollment, refunded } = settled;
  if (enrollment.paidCents > 0 || refunded === 0 || enrollment.status !== "active") return;
  const unused = enrollment.sessionsRemaining ?? 0;
  if (unused > 0) {
    await changeCredits(tx, practice.id, enrollmentId, -unused);
    await insertLedgerRow(tx, practice.id, { enrollmentId, delta: -unused, reason: "refund", note: "Refunded in full: unused credits removed.", createdBy: actorUserId });
  }
  await setEnrollmentStatus(tx, practice.id, enrollmentId, "dropped");
  await recordAudit(tx, practice.id, { actorUserId, action: "drop", entity: "enrollment", entityId: enrollmentId, diff: { reason: "refunded in full", creditsRemoved: unused } });
}

export type HandPayment = { clientId: string; item: PaymentItem; amountCents: number; method: HandMethod; paidAt: Date; note: string | null };

/** Cash, a card terminal, a transfer: money already received, recorded against what it pays for. */
export async function recordPayment(db: Db, practice: Practice, actorUserId: string, input: HandPayment) {
  return db.transaction(async (tx) => {
    const client = await findClient(tx, practice.id, input.clientId);
    if (!client) throw new DomainError("not_found", "There is no such client in this practice.");
    const item = await lockItem(tx, practice.id, client.id, input.item);
    if (item.owed !== null && input.amountCents > item.owed) {
      const owes = item.owed === 0 ? "nothing more" : formatMoney(item.owed, practice.currency);
      throw new DomainError("validation_failed", `${client.firstName} owes ${owes} for this. Record the rest as account credit (no item).`,
        { amount: item.owed === 0 ? "Nothing is owed for this." : `At most ${formatMoney(item.owed, practice.currency)}.` });
    }
    const payment = await insertPayment(tx, practice.id, {
      clientId: client.id, sessionAttendeeId: item.attendeeId, enrollmentId: item.enrollmentId, amountCents: input.amountCents,
      currency: practice.currency, status: "completed", method: input.method, paidAt: input.paidAt, note: input.note, recordedBy: actorUserId,
    });
    await settleItemOf(tx, practice, actorUserId, payment);
    await recordAudit(tx, practice.id, { actorUserId, action: "record", entity: "payment", entityId: payment.id, diff: { amountCents: payment.amountCents, method: payment.method } });
    return payment;
  });
}

/**
 * The one tap on an attendee row ("Paid cash"): pays what the visit still owes. A second tap finds nothing
 * owed under the row lock and changes nothing, so a double tap never records the money twice.
 */
export async function payVisitInFull(db: Db, practice: Practice, actorUserId: string, sessionId: string, clientId: string, method: HandMethod, now = new Date()) {
  return db.transaction(async (tx) => {
    const booked = await findAttendee(tx, practice.id, sessionId, clientId);
    if (!booked) throw new DomainError("not_found", "This client is not booked into this session.");
    const { owed } = await lockItem(tx, practice.id, clientId, { attendeeId: booked.id });
    if (!owed) return null;
    const payment = await insertPayment(tx, practice.id, {
      clientId, sessionAttendeeId: booked.id, amountCents: owed, currency: practice.currency, status: "completed", method, paidAt: now, recordedBy: actorUserId,
    });
    await settleItemOf(tx, practice, actorUserId, payment);
    await recordAudit(tx, practice.id, { actorUserId, action: "record", entity: "payment", entityId: payment.id, diff: { amountCents: owed, method } });
    return payment;
  });
}

/** Waive (or un-waive) what one of this client's visits costs; money already received stays recorded. */
export async function waiveVisit(db: Db, practice: Practice, actorUserId: string, clientId: string, attendeeId: string, waived: boolean) {
  return db.transaction(async (tx) => {
    const attendee = await lockClientAttendance(tx, practice.id, clientId, attendeeId);
    if (!attendee) throw new DomainError("not_found", "There is no such visit for this client.");
    if (attendee.paymentStatus === "covered") throw new DomainError("conflict", "A package or course covers this visit: there is nothing to waive.");
    await setAttendeePaymentStatus(tx, practice.id, attendee.id, waived ? "waived" : "unpaid");
    const settled = (await settleAttendance(tx, practice.id, attendee.id))!;
    await recordAudit(tx, practice.id, { actorUserId, action: waived ? "waive" : "unwaive", entity: "attendance", entityId: attendee.id, diff: { paymentStatus: [attendee.paymentStatus, settled.paymentStatus] } });
    return settled;
  });
}

export type RefundInput = { amountCents: number; note: string | null };

/**
 * A refund, full or partial. A card payment goes back through the Stripe account it was taken on (an
 * idempotency key per refund step, so a retried request cannot refund twice); anything else is recorded
 * as handed back. Stripe's own webhook later confirms the total, which only ever raises `refunded_cents`.
 */
export async function refundPayment(db: Db, practice: Practice, actorUserId: string, paymentId: string, input: RefundInput, stripe: Stripe | null) {
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, practice.id, paymentId);
    if (!payment) throw new DomainError("not_found", "There is no such payment in this practice.");
    if (payment.status !== "completed") throw new DomainError("conflict", payment.status === "refunded" ? "This payment was already refunded in full." : `A ${payment.status} payment cannot be refunded.`);
    const refundable = payment.amountCents - payment.refundedCents;
    if (input.amountCents > refundable) {
      throw new DomainError("validation_failed", `At most ${formatMoney(refundable, payment.currency)} of this payment can be refunded.`, { amount: `At most ${formatMoney(refundable, payment.currency)}.` });
    }
    if (payment.method === "card") {
      if (!stripe || !payment.stripePaymentIntentId) throw new DomainError("not_configured", "Card payments are not configured on this server, so this card payment cannot be refunded from here.");
      const amount = toStripeAmount(input.amountCents, payment.currency);
      if (amount === null) throw new DomainError("validation_failed", `Stripe refunds ${payment.currency} in whole tens of the smallest unit: refund a rounded amount.`, { amount: "Round it to the tens." });
      await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId, amount, metadata: { practiceId: practice.id, paymentId: payment.id } },
        { stripeAccount: payment.stripeAccountId ?? undefined, idempotencyKey: `refund-${payment.id}-${payment.refundedCents}-${input.amountCents}` })
        .catch((error: Error) => { throw new DomainError("payment_provider", `Stripe did not refund it: ${error.message} Nothing was changed.`); });
    }
    const refundedCents = payment.refundedCents + input.amountCents;
    const updated = (await updatePaymentRow(tx, practice.id, payment.id, { refundedCents, status: refundedCents === payment.amountCents ? "refunded" : "completed" }))!;
    await settleItemOf(tx, practice, actorUserId, updated);
    await recordAudit(tx, practice.id, { actorUserId, action: "refund", entity: "payment", entityId: payment.id, diff: { refundedCents: [payment.refundedCents, refundedCents], note: input.note } });
    return updated;
  });
}
