// What the JSON API accepts beyond the domain's own schemas: list query strings, and which client fields
// a create or an update needs. The handlers parse with these and /api/openapi.json is built from them,
// so the two cannot disagree.
import { z } from "zod";
import { clientStatuses } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { isUuid } from "../lib/ids.js";
import { MAX_MINOR_UNITS } from "../lib/money.js";
import { handMethods } from "../lib/payment-methods.js";
import { clientFields } from "./clients.js";

/** POST: names required, the rest optional. PUT: any subset, applied as given. */
export const clientCreateBody = (today: string) => clientFields(today).partial({ email: true, phone: true, address: true, dateOfBirth: true, notes: true, status: true });
export const clientUpdateBody = (today: string) => clientFields(today).partial();

const offsetTime = (name: string, description: string) => field.instant(name).optional().describe(description);

/** A flag that is on only when it says "true"; anything else (or nothing) is off, never an error. */
const flag = (description: string) => z.string().optional().transform((v) => v === "true").describe(description);

export const clientListQuery = z.object({
  q: z.string().trim().max(100, "q is at most 100 characters.").default("")
    .describe("Words that must all appear in the name or email; 3+ digits also match the phone"),
  status: z.enum(["current", ...clientStatuses, "all"], { error: "status is current, active, inactive, archived or all." }).default("current")
    .describe("current = active and inactive"),
  sort: z.enum(["name", "last_visit"], { error: "sort is name or last_visit." }).default("name").describe("Order"),
  limit: z.coerce.number({ error: "limit is a number from 1 to 200." }).int().min(1, "limit is at least 1.").max(200, "limit is at most 200.").default(50)
    .describe("Page size"),
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
});

export const sessionListQuery = z.object({
  from: offsetTime("from", "Start of the range (default: now)"),
  to: offsetTime("to", "End of the range (default: 7 days after from; at most 92 days after it)"),
  practitionerId: z.string().refine(isUuid, "practitionerId is a user id.").optional().describe("Only this practitioner's sessions"),
});

export const metricListQuery = z.object({
  templateId: z.string().refine(isUuid, "templateId is a metric template id.").optional().describe("Only this metric (404 when it is not the practice's)"),
  from: offsetTime("from", "Recorded at or after"),
  to: offsetTime("to", "Recorded at or before"),
  limit: z.coerce.number().int().min(1).max(1000).default(1000).describe("At most this many values"),
});

export const serviceListQuery = z.object({ active: flag("true: only the services that take bookings") });

export const metricTemplateListQuery = z.object({ archived: flag("true: archived templates too") });

/** POST /api/clients/:clientId/payments: money received by hand, for a visit, an enrollment, or neither (account credit). */
export const paymentApiBody = z.object({
  amountCents: z.number({ error: "amountCents is a whole number of the currency's minor units." }).int("amountCents is a whole number.")
    .min(1, "amountCents is at least 1.").max(MAX_MINOR_UNITS, `amountCents is at most ${MAX_MINOR_UNITS}.`),
  method: z.enum(handMethods, { error: `method is one of ${handMethods.join(", ")} (card payments come from Stripe).` }),
  attendeeId: z.string().refine(isUuid, "attendeeId is a session attendee id.").optional().describe("The visit it pays for"),
  enrollmentId: z.string().refine(isUuid, "enrollmentId is an enrollment id.").optional().describe("The package or course it pays for"),
  paidAt: field.instant("paidAt").optional().describe("When it was received; default now"),
  note: z.string().max(200, "note is at most 200 characters.").nullable().optional(),
}).refine((b) => !(b.attendeeId && b.enrollmentId), { message: "Give attendeeId or enrollmentId, not both.", path: ["enrollmentId"] });
