// Nested resources find their parent once (campfire's RoomScoped): a sub-app mounted at
// /clients/:clientId/notes says `.use(requireStaff, withClient)`, and every handler works on
// `c.var.client`. Each scope loads its object by (practice id, id) — never by id alone — and answers 404
// when it is missing, malformed or another practice's, which all look the same from outside. A child
// scope (an enrollment, a note) is found through its parent in SQL, so "belongs to this client" is a
// WHERE clause that no handler can forget.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env.js";
import type { Client } from "./db/schema.js";
import { DomainError } from "./lib/errors.js";
import { isUuid } from "./lib/ids.js";
import { findClient } from "./queries/clients.js";
import { findFollowUpView } from "./queries/follow-ups.js";
import { findTemplate } from "./queries/metrics.js";
import { findPaymentView } from "./queries/payments.js";
import { findClientEnrollment, findProgram, type EnrollmentWithProgram } from "./queries/programs.js";
import { findService } from "./queries/services.js";
import { findSessionView } from "./queries/sessions.js";
import { listNoteRevisions, type NoteRevision } from "./queries/soap-notes.js";
import { findUnplacedBooking } from "./queries/unplaced-bookings.js";

type Scoped<K extends string, T> = { Variables: { [P in K]: T } };

/**
 * A middleware that reads the id in `param`, finds the object with `find` (null: not ours) and puts it on
 * the context as `variable`, or answers 404 with `missing`. A malformed id is a 404 before any SQL runs.
 */
function scope<K extends string, T, E extends AppEnv = AppEnv>(variable: K, param: string, missing: string,
  find: (c: Context<E>, id: string) => Promise<T | null>) {
  return createMiddleware<E & Scoped<K, T>>(async (c, next) => {
    const id = c.req.param(param);
    const found = isUuid(id) ? await find(c as unknown as Context<E>, id) : null;
    if (found === null) throw new DomainError("not_found", missing);
    (c.set as (key: K, value: T) => void)(variable, found);
    await next();
  });
}

export const withClient = scope("client", "clientId", "There is no such client in this practice.",
  (c, id) => findClient(c.var.db, c.var.practiceId, id));

/** The calendar session with its service, practitioner and attendees (`c.var.session` is the login). */
export const withSession = scope("sessionView", "sessionId", "There is no such session in this practice.",
  (c, id) => findSessionView(c.var.db, c.var.practiceId, id));

export const withService = scope("service", "serviceId", "There is no such service in this practice.",
  (c, id) => findService(c.var.db, c.var.practiceId, id));

export const withProgram = scope("program", "programId", "There is no such program in this practice.",
  (c, id) => findProgram(c.var.db, c.var.practiceId, id));

/** A payment of this practice with its client's name and what it was for (`c.var.paymentView`). */
export const withPayment = scope("paymentView", "paymentId", "There is no such payment in this practice.",
  (c, id) => findPaymentView(c.var.db, c.var.practiceId, id));

export const withTemplate = scope("template", "templateId", "There is no such metric in this practice.",
  (c, id) => findTemplate(c.var.db, c.var.practiceId, id));

/** Behind withClient: one of that client's enrollments (another client's enrollment is a 404 too). */
export const withEnrollment = scope<"enrollment", EnrollmentWithProgram, AppEnv & Scoped<"client", Client>>("enrollment", "enrollmentId",
  "There is no such enrollment for this client.", (c, id) => findClientEnrollment(c.var.db, c.var.practiceId, c.var.client.id, id));

/** Behind withClient: one of that client's SOAP notes, every revision, newest first. */
export const withNote = scope<"noteRevisions", NoteRevision[], AppEnv & Scoped<"client", Client>>("noteRevisions", "noteId",
  "There is no such note for this client.", async (c, id) => {
    const revisions = await listNoteRevisions(c.var.db, c.var.practiceId, c.var.client.id, id);
    return revisions.length ? revisions : null;
  });

/** A Calendly booking that could not be placed, of this practice. */
export const withUnplacedBooking = scope("unplacedBooking", "bookingId", "There is no such unplaced booking in this practice.",
  (c, id) => findUnplacedBooking(c.var.db, c.var.practiceId, id));

/** A follow-up of this practice with its client's name and email (`c.var.followUpView`). */
export const withFollowUp = scope("followUpView", "followUpId", "There is no such follow-up in this practice.",
  (c, id) => findFollowUpView(c.var.db, c.var.practiceId, id));
