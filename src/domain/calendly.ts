// Calendly bookings arriving by webhook. Keyed by the scheduled event's URI, so a replayed or
// duplicated delivery changes nothing; the signature proves it came from Calendly.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { findClientByEmail } from "../queries/clients.js";
import { findStaffMembership } from "../queries/practices.js";
import { findAttendee, findSessionByExternalId } from "../queries/sessions.js";
import { listServices } from "../queries/services.js";
import { findUserByEmail } from "../queries/users.js";
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
    start_time: z.iso.datetime({ offset: true }),
    end_time: z.iso.datetime({ offset: true }),
    location: z.object({ location: z.string().max(200).nullish(), join_url: z.string().max(500).nullish() }).partial().nullish(),
    event_memberships: z.array(z.object({ user_email: z.email() })).min(1),
  }),
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

/** Applies one webhook event. Returns what happened, for the response and the logs. */
export async function applyCalendlyEvent(db: Db, event: z.output<typeof calendlyEvent>): Promise<{ result: string; sessionId?: string }> {
  if (event.event !== "invitee.created" && event.event !== "invitee.canceled") return { result: "ignored" };
  const parsed = inviteePayload.safeParse(event.payload);
  if (!parsed.success) throw new DomainError("validation_failed", "The invitee payload is missing fields Practice needs.");
  const p = parsed.data;

  // The Calendly host is a practitioner here with the same email address.
  const host = await findUserByEmail(db, p.scheduled_event.event_memberships[0]!.user_email);
  const staff = host ? await findStaffMembership(db, host.id) : null;
  if (!host || !staff) return { result: "ignored: no practitioner with the host's email" };
  const practice = staff.practice;
  const externalId = p.scheduled_event.uri;

  if (event.event === "invitee.canceled") {
    const session = await findSessionByExternalId(db, practice.id, externalId);
    if (!session) return { result: "ignored: unknown event" };
    const client = await findClientByEmail(db, practice.id, p.email);
    const attendee = client ? await findAttendee(db, practice.id, session.id, client.id) : null;
    if (attendee && attendee.attendanceStatus !== "canceled") await setAttendance(db, practice, host.id, session.id, client!.id, "canceled");
    // A one-to-one is canceled with its only invitee; a group session stays for the others.
    if (session.capacity === 1 && session.status !== "canceled") await setSessionStatus(db, practice, host.id, session.id, { status: "canceled", cancelReason: "Canceled in Calendly", canceledBy: "client" });
    return { result: "canceled", sessionId: session.id };
  }

  const client = (await findClientByEmail(db, practice.id, p.email)) ?? await createClient(db, practice.id, host.id, {
    ...splitName(p), email: p.email, phone: null, address: null, dateOfBirth: null, notes: null, status: "active",
  }).catch(async (error) => {
    if (pgErrorOf(error)?.code === "23505" || (error instanceof DomainError && error.code === "conflict")) return (await findClientByEmail(db, practice.id, p.email))!;
    throw error;
  });

  let session = await findSessionByExternalId(db, practice.id, externalId);
  if (!session) {
    const services = await listServices(db, practice.id, { activeOnly: true });
    const service = services.find((s) => s.name.toLowerCase() === (p.scheduled_event.name ?? "").toLowerCase()) ?? null;
    try {
      const [created] = await createSessions(db, practice, host.id, [{
        serviceId: service?.id ?? null, practitionerId: host.id, title: p.scheduled_event.name ?? "Calendly booking",
        startTime: new Date(p.scheduled_event.start_time), endTime: new Date(p.scheduled_event.end_time),
        location: p.scheduled_event.location?.location ?? p.scheduled_event.location?.join_url ?? null,
        capacity: service?.capacity ?? 1, notes: "Booked through Calendly.", externalEventId: externalId,
      }]);
      session = created!;
    } catch (error) {
      // The same event delivered twice at once: the unique external id lets one through.
      if (pgErrorOf(error)?.code !== "23505") throw error;
      session = await findSessionByExternalId(db, practice.id, externalId);
    }
  }
  const existing = await findAttendee(db, practice.id, session!.id, client.id);
  if (!existing) {
    await addAttendee(db, practice, host.id, session!.id, client.id).catch((error) => {
      if (!(error instanceof DomainError && error.code === "conflict") && pgErrorOf(error)?.code !== "23505") throw error;
    });
  }
  return { result: existing ? "unchanged" : "booked", sessionId: session!.id };
}
