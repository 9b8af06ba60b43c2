// One line per thing a test needs; defaults are valid, a test states only what matters to it.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../src/auth/password.js";
import { createSession } from "../src/auth/session.js";
import type { MembershipRole, Practice } from "../src/db/schema.js";
import { addAttendee, createSessions } from "../src/domain/booking.js";
import type { SessionValues } from "../src/queries/sessions.js";
import { insertProgram, type ProgramValues } from "../src/queries/programs.js";
import { registerPractitioner } from "../src/domain/accounts.js";
import { createClient } from "../src/domain/clients.js";
import { createService } from "../src/domain/services.js";
import { createSoapNote } from "../src/domain/soap-notes.js";
import { createFollowUp, type FollowUpInput } from "../src/domain/follow-ups.js";
import type { ClientValues } from "../src/queries/clients.js";
import type { SoapText } from "../src/queries/soap-notes.js";
import { insertMembership } from "../src/queries/practices.js";
import { insertUser } from "../src/queries/users.js";
import { linkPortalUser } from "../src/queries/portal-accounts.js";
import { aBrowser } from "./harness.js";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { testDb } from "./harness.js";

export const aPassword = "correct horse battery";
export const anEmail = (label = "staff") => `${label}-${randomBytes(5).toString("hex")}@example.test`;

/** A practice with its owner, plus a logged-in browser and an API token for them. */
export async function aPracticeWithStaff(overrides: { practiceName?: string; timezone?: string; email?: string } = {}) {
  const email = overrides.email ?? anEmail("owner");
  const { user, practice, membership } = await registerPractitioner(testDb(), {
    email, password: aPassword, fullName: "Olive Owner",
    practiceName: overrides.practiceName ?? "Test Practice", timezone: overrides.timezone ?? "Europe/London",
  });
  const { token } = await createSession(testDb(), user.id);
  const staff = aBrowser();
  staff.setCookie(SESSION_COOKIE, token);
  return { user, practice, membership, token, staff, email };
}

/** Another member of an existing practice, signed in, in the given role. */
export async function aStaffMember(practiceId: string, role: MembershipRole = "practitioner") {
  const user = await insertUser(testDb(), { email: anEmail(role), passwordHash: await hashPassword(aPassword), fullName: "Pat Member" });
  await insertMembership(testDb(), practiceId, user.id, role);
  const { token } = await createSession(testDb(), user.id);
  const browser = aBrowser();
  browser.setCookie(SESSION_COOKIE, token);
  return { user, token, browser };
}

let clientCounter = 0;
/** A client of the practice; the email is unique unless one is given. */
export async function aClient(practiceId: string, actorUserId: string, overrides: Partial<ClientValues> = {}) {
  clientCounter++;
  return createClient(testDb(), practiceId, actorUserId, {
    firstName: "Casey", lastName: `Client${clientCounter}`, email: anEmail("client"), phone: null, address: null,
    dateOfBirth: null, notes: null, status: "active", ...overrides,
  });
}

/**
 * A client with portal access: a login of their own (password `aPassword`), linked to the client record,
 * a signed-in browser and an API token. Pass `userId` to link an existing login (a client of two practices).
 */
export async function aPortalClient(practiceId: string, actorUserId: string, overrides: Partial<ClientValues> & { userId?: string } = {}) {
  const { userId, ...values } = overrides;
  const client = await aClient(practiceId, actorUserId, values);
  const user = userId ? { id: userId } : await insertUser(testDb(), { email: client.email!.toLowerCase(), passwordHash: await hashPassword(aPassword), fullName: `${client.firstName} ${client.lastName}` });
  if (!(await linkPortalUser(testDb(), practiceId, client.id, user.id))) throw new Error("could not link the portal login");
  const { token } = await createSession(testDb(), user.id);
  const browser = aBrowser();
  browser.setCookie(SESSION_COOKIE, token);
  return { client: { ...client, portalUserId: user.id }, user, token, browser };
}

export async function aService(practiceId: string, overrides: Partial<{ name: string; durationMinutes: number; priceCents: number; capacity: number }> = {}) {
  return createService(testDb(), practiceId, null, { name: `Service ${randomBytes(3).toString("hex")}`, description: null, durationMinutes: 60, priceCents: 5000, capacity: 1, ...overrides });
}

export async function aSoapNote(practiceId: string, clientId: string, authorId: string, text: Partial<SoapText> = {}) {
  return createSoapNote(testDb(), practiceId, clientId, authorId, { subjective: "Feels better.", objective: "", assessment: "", plan: "Continue.", ...text });
}

/** A session of the practice's owner (or the given practitioner), one hour from `start` unless told otherwise. */
export async function aSession(practice: Practice, practitionerId: string, overrides: Partial<SessionValues> & { start?: string } = {}) {
  const startTime = overrides.startTime ?? new Date(overrides.start ?? "2030-01-07T09:00:00Z");
  const [session] = await createSessions(testDb(), practice, practitionerId, [{
    serviceId: null, practitionerId, title: "Test session", location: null, capacity: 1, notes: null,
    startTime, endTime: new Date(startTime.getTime() + 3_600_000), ...overrides,
  }]);
  return session!;
}

/** A program; a package of `sessionsCount` credits unless told otherwise. */
export async function aProgram(practiceId: string, overrides: Partial<ProgramValues> = {}, phases: string[] = []) {
  return insertProgram(testDb(), practiceId, {
    name: `Program ${randomBytes(3).toString("hex")}`, description: null, type: "package", serviceId: null, startDate: null, endDate: null,
    sessionsCount: 5, priceCents: 25000, validityDays: null, closed: false, ...overrides,
  }, phases);
}

/**
 * A practice (Berlin: UTC+1 in winter, so the zone, not the server's, decides a payment's day) with Ada
 * booked into a priced massage on 4 March 2026: a visit that is owed.
 */
export async function aPricedVisit(priceCents = 4500) {
  const owner = await aPracticeWithStaff({ timezone: "Europe/Berlin" });
  const service = await aService(owner.practice.id, { name: "Massage", priceCents });
  const client = await aClient(owner.practice.id, owner.user.id, { firstName: "Ada", lastName: "Fake" });
  const session = await aSession(owner.practice, owner.user.id, { serviceId: service.id, start: "2026-03-04T09:00:00Z" });
  const attendee = await addAttendee(testDb(), owner.practice, owner.user.id, session.id, client.id);
  return { ...owner, service, client, session, attendee };
}

/** An open call for a client, due tomorrow unless told otherwise, assigned to no one. */
export async function aFollowUp(practiceId: string, clientId: string, createdBy: string, overrides: Partial<FollowUpInput> = {}) {
  return createFollowUp(testDb(), practiceId, createdBy, clientId, {
    type: "call", notes: "Check in", due: new Date(Date.now() + 86_400_000), assigneeId: null, sessionId: null, ...overrides,
  });
}
