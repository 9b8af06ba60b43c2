// Calendly bookings arriving by webhook, per practice: each practice connects its own Calendly (Settings →
// Integrations) and gets its own webhook URL with an unguessable id, verified with its own signing key, so
// one practice's key can never write into another. Keyed by the scheduled event's URI, so a replayed or
// duplicated delivery changes nothing. A booking that clashes is kept in sight, never dropped.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import * as field from "../lib/fields.js";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { findClientByEmail } from "../queries/clients.js";
import { recordAudit } from "../queries/audit-log.js";
import { deleteIntegration, ensureIntegration, findIntegration, setIntegrationSecret } from "../queries/integrations.js";
import { findBookingHost } from "../queries/practices.js";
import { findAttendee, findSessionByExternalId } from "../queries/sessions.js";
import { listServices } from "../queries/services.js";
import { recordUnplacedBooking, resolveUnplacedByEvent } from "../queries/unplaced-bookings.js";
import { addAttendee, createSessions, setAttendance } from "./booking.js";
import { setSessionStatus } from "./session-status.js";
import { createClient } from "./clients.js";
import { DomainError, pgErrorOf } from "../lib/errors.js";

const TOLERANCE_SECONDS = 5 * 60;

/** Calendly-Webhook-Signature: "t=<unix seconds>,v1=<hex HMAC-SHA256 of `t.body`>". */
export function verifyCalendlySignature(header: string | undefined, body: string, key: string, now = Date.now()): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.t || !Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/i.test(parts.v1)) return false;
  if (Math.abs(now / 1000 - t) > TOLERANCE_SECONDS) return false; // an old signature is a replay
  const expected = createHmac("sha256", key).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const inviteePayload = z.object({
  email: z.email(),
  name: z.string().max(200).optional(),
  first_name: z.string().max(100).nullish(),
  last_name: z.string().max(100).nullish(),
  scheduled_event: z.object({
    uri: z.string().min(1).max(500),
    name: z.string().max(200).optional(),
    start_time: field.instant("start_time"),
    end_time: field.instant("end_time"),
    location: z.object({ location: z.string().max(200).nullish(), join_url: z.string().max(500).nullish() }).partial().nullish(),
    event_memberships: z.array(z.object({ user_email: z.email() })).min(1),
  }).refine((e) => {
    // The same rule as a session typed in: it ends after it starts, within 24 hours.
    const length = Date.parse(e.end_time) - Date.parse(e.start_time);
    return length > 0 && length <= 24 * 3_600_000;
  }, "The event must end after it starts, within 24 hours."),
});

export const calendlyEvent = z.object({
  event: z.string(),
  payload: z.unknown(),
});

function splitName(p: z.output<typeof inviteePayload>) {
  if (p.first_name || p.last_name) return { firstName: p.first_name || "—", lastName: p.last_name || "—" };
  const parts = (p.name ?? p.email.split("@")[0]!).trim().split(/\s+/);
  return { firstName: parts[0] || "—", lastName: parts.slice(1).join(" ") || "—" };
}

/** The id in a practice's webhook URL: 24 random bytes, so it cannot be guessed or enumerated. */
export const newWebhookId = () => randomBytes(24).toString("base64url");

export const calendlyConnectionForm = z.object({
  signingKey: z.string({ error: "Paste the webhook signing key from Calendly." }).trim()
    .min(16, "A Calendly signing key is longer: copy the whole key.").max(200, "That is longer than a signing key."),
});

type Invitee = z.output<typeof inviteePayload>;

/** Step one: the practice's own webhook URL, to paste into Calendly (created once, then kept). */
export async function startCalendlyConnection(db: Db, practiceId: string, actorUserId: string) {
  return db.transaction(async (tx) => {
    const existing = await findIntegration(tx, practiceId, "calendly");
    if (existing) return existing;
    const connection = await ensureIntegration(tx, practiceId, "calendly", newWebhookId());
    await recordAudit(tx, practiceId, { actorUserId, action: "connect", entity: "integration", entityId: connection.id, diff: { kind: "calendly" } });
    return connection;
  });
}

/** Step two: the signing key Calendly showed for that URL. Replacing it later keeps the URL. */
export async function saveCalendlySigningKey(db: Db, practiceId: string, actorUserId: string, signingKey: string) {
  return db.transaction(async (tx) => {
    const connection = await setIntegrationSecret(tx, practiceId, "calendly", signingKey);
    if (!connection) throw new DomainError("conflict", "Create the webhook URL first, then paste the key Calendly shows for it.");
    await recordAudit(tx, practiceId, { actorUserId, action: "set_signing_key", entity: "integration", entityId: connection.id, diff: { kind: "calendly" } });
    return connection;
  });
}

/** Disconnecting forgets the URL and the key: deliveries to the old URL are refused from then on. */
export async function disconnectCalendly(db: Db, practiceId: string, actorUserId: string) {
  await db.transaction(async (tx) => {
    const connection = await deleteIntegration(tx, practiceId, "calendly");
    if (connection) await recordAudit(tx, practiceId, { actorUserId, action: "disconnect", entity: "integration", entityId: connection.id, diff: { kind: "calendly" } });
  });
}

/** Applies one webhook event to the practice whose URL it was sent to. Returns what happened. */
export async function applyCalendlyEvent(db: Db, practice: Practice, event: z.output<typeof calendlyEvent>): Promise<{ result: string; sessionId?: string }> {
  if (event.event !== "invitee.created" && event.event !== "invitee.canceled") return { result: "ignored" };
  const parsed = inviteePayload.safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("validation_failed", `The invitee payload cannot be booked: ${issue.path.join(".") || "payload"}: ${issue.message}`);
  }
  const p = parsed.data;
  // The Calendly host is the practitioner of this practice with the same email, or else its owner.
  const host = await findBookingHost(db, practice.id, p.scheduled_event.event_memberships[0]!.user_email);
  if (!host) return { result: "ignored: the practice has no practitioner" };
  return event.event === "invitee.canceled" ? cancelInvitee(db, practice, host.userId, p) : bookInvitee(db, practice, host.userId, p);
}

async function cancelInvitee(db: Db, practice: Practice, hostId: string, p: Invitee) {
  const externalId = p.scheduled_event.uri;
  await resolveUnplacedByEvent(db, practice.id, "calendly", externalId);
  const session = await findSessionByExternalId(db, practice.id, externalId);
  if (!session) return { result: "ignored: unknown event" };
  const client = await findClientByEmail(db, practice.id, p.email);
  const attendee = client ? await findAttendee(db, practice.id, session.id, client.id) : null;
  if (attendee && attendee.attendanceStatus !== "canceled") await setAttendance(db, practice, hostId, session.id, client!.id, "canceled");
  // A one-to-one is canceled with its only invitee; a group session stays for the others.
  if (session.capacity === 1 && session.status !== "canceled") {
    await setSessionStatus(db, practice, hostId, session.id, { status: "canceled", cancelReason: "Canceled in Calendly", canceledBy: "client" });
  }
  return { result: "canceled", sessionId: session.id };
}

async function bookInvitee(db: Db, practice: Practice, hostId: string, p: Invitee) {
  const client = (await findClientByEmail(db, practice.id, p.email)) ?? await createClient(db, practice.id, hostId, {
    ...splitName(p), email: p.email, phone: null, address: null, dateOfBirth: null, notes: null, status: "active",
  }).catch(async (error) => {
    if (pgErrorOf(error)?.code === "23505" || (error instanceof DomainError && error.code === "conflict")) return (await findClientByEmail(db, practice.id, p.email))!;
    throw error;
  });
  const session = await findOrCreateSession(db, practice, hostId, p);
  if ("unplaced" in session) return { result: "unplaced" };
  const existing = await findAttendee(db, practice.id, session.id, client.id);
  if (!existing) {
    await addAttendee(db, practice, hostId, session.id, client.id).catch((error) => {
      if (!(error instanceof DomainError && error.code === "conflict") && pgErrorOf(error)?.code !== "23505") throw error;
    });
  }
  return { result: existing ? "unchanged" : "booked", sessionId: session.id };
}

/** The event's session, created on first delivery; a clash is recorded as an unplaced booking instead. */
async function findOrCreateSession(db: Db, practice: Practice, hostId: string, p: Invitee) {
  const externalId = p.scheduled_event.uri;
  const known = await findSessionByExternalId(db, practice.id, externalId);
  if (known) return known;
  const services = await listServices(db, practice.id, { activeOnly: true });
  const service = services.find((s) => s.name.toLowerCase() === (p.scheduled_event.name ?? "").toLowerCase()) ?? null;
  const title = p.scheduled_event.name ?? "Calendly booking";
  const [start, end] = [new Date(p.scheduled_event.start_time), new Date(p.scheduled_event.end_time)];
  try {
    const [created] = await createSessions(db, practice, hostId, [{
      serviceId: service?.id ?? null, practitionerId: hostId, title, startTime: start, endTime: end,
      location: p.scheduled_event.location?.location ?? p.scheduled_event.location?.join_url ?? null,
      capacity: service?.capacity ?? 1, notes: "Booked through Calendly.", externalEventId: externalId,
    }]);
    return created!;
  } catch (error) {
    // The same event delivered twice at once: the unique external id lets one through.
    if (pgErrorOf(error)?.code === "23505") return (await findSessionByExternalId(db, practice.id, externalId))!;
    if (!(error instanceof DomainError && error.code === "double_booked")) throw error;
    const { firstName, lastName } = splitName(p);
    await recordUnplacedBooking(db, practice.id, {
      source: "calendly", externalEventId: externalId, inviteeName: `${firstName} ${lastName}`.replace(/ —$/, ""), inviteeEmail: p.email,
      title, startTime: start, endTime: end, reason: error.message,
    });
    return { unplaced: true as const };
  }
}
