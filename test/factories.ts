// One line per thing a test needs; defaults are valid, a test states only what matters to it.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../src/auth/password.js";
import { createSession } from "../src/auth/session.js";
import type { MembershipRole } from "../src/db/schema.js";
import { registerPractitioner } from "../src/domain/accounts.js";
import { insertMembership } from "../src/queries/practices.js";
import { insertUser } from "../src/queries/users.js";
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
