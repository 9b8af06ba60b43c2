// The client portal's intake form, profile, password change and data download, and the intake on the
// practitioner's client page: the client writes only their own record, and downloads only their own rows.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { createSession, SESSION_COOKIE } from "../src/auth/session.js";
import { auditLog, clients } from "../src/db/schema.js";
import { addAttendee } from "../src/domain/booking.js";
import { CONSENT } from "../src/domain/intake.js";
import { createTemplate, logMetric } from "../src/domain/metrics.js";
import { recordPayment } from "../src/domain/payments.js";
import { aClient, aPassword, aPortalClient, aPracticeWithStaff, aSession, aSoapNote } from "./factories.js";
import { aBrowser, all, testDb, text, type Browser } from "./harness.js";

const newPassword = "lantern orbit cedar walk";

const answers = {
  phone: "+44 7700 900123", address: "1 Example Road\nTesttown", dateOfBirth: "1984-03-15",
  healthNotes: "Old knee injury (left). Allergic to latex.", emergencyContactName: "Sam Fake", emergencyContactPhone: "+44 7700 900456",
  consent: "yes", consentVersion: CONSENT.version,
};

async function clientRow(id: string) {
  const [row] = await testDb().select().from(clients).where(eq(clients.id, id));
  return row!;
}

async function aPortalClientOfAPractice() {
  const owner = await aPracticeWithStaff({ practiceName: "Willow Physio" });
  const portal = await aPortalClient(owner.practice.id, owner.user.id, { firstName: "Robin", lastName: "Fake" });
  // aPortalClient makes the login from the record's email.
  return { ...owner, portal, loginEmail: portal.client.email!.toLowerCase() };
}

/** The value of a form field as the page drew it (an input's value, a textarea's text, a checkbox's state). */
function field(reply: Awaited<ReturnType<Browser["get"]>>, name: string) {
  const element = reply.doc().querySelector(`[name="${name}"]`);
  if (!element) return undefined;
  if (element.tagName === "TEXTAREA") return element.text;
  if (element.getAttribute("type") === "checkbox") return element.hasAttribute("checked");
  return element.getAttribute("value");
}

describe("the intake form", () => {
  test("is saved with the exact consent text, its version and the time, and the contact details go on the client's record", async () => {
    const { practice, portal } = await aPortalClientOfAPractice();
    const before = Date.now();
    const reply = await portal.browser.post("/portal/intake", { form: answers });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/portal/intake");

    const row = await clientRow(portal.client.id);
    expect(row).toMatchObject({ phone: answers.phone, address: answers.address, dateOfBirth: "1984-03-15" });
    expect(row.intake).toMatchObject({
      healthNotes: answers.healthNotes, emergencyContactName: "Sam Fake", emergencyContactPhone: "+44 7700 900456",
      consent: { version: CONSENT.version, text: CONSENT.text },
    });
    const consentedAt = Date.parse(row.intake!.consent!.at);
    expect(consentedAt).toBeGreaterThanOrEqual(before);
    expect(consentedAt).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(row.intake!.submittedAt)).toBe(consentedAt);

    const audit = await testDb().select().from(auditLog)
      .where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.entityId, portal.client.id), eq(auditLog.actorUserId, portal.user.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["submit_intake", "update"]);
    // The log says what changed, not what the client wrote about their health.
    expect(JSON.stringify(audit)).not.toContain("latex");

    const page = await portal.browser.get("/portal/intake");
    expect(text(page, ".flash")).toBe("Thank you — your intake form is saved.");
    expect(text(page, "#intake-status")).toMatch(/^Submitted .+ You gave your consent on .+ \(version 2026-12-01\)/);
    expect(field(page, "healthNotes")).toBe(answers.healthNotes);
    expect(field(page, "consent")).toBe(false);
  });

  test("without the box ticked it comes back with 422, the message at the box and every answer kept; nothing is saved", async () => {
    const { portal } = await aPortalClientOfAPractice();
    const { consent: _, ...unticked } = answers;
    const reply = await portal.browser.post("/portal/intake", { form: unticked });
    expect(reply.status).toBe(422);
    expect(text(reply, "#consent-error")).toContain("Tick “I agree”");
    expect(field(reply, "healthNotes")).toBe(answers.healthNotes);
    expect(field(reply, "phone")).toBe(answers.phone);
    expect(field(reply, "emergencyContactName")).toBe("Sam Fake");
    const row = await clientRow(portal.client.id);
    expect(row.intake).toBeNull();
    expect(row.phone).toBeNull();
  });

  test("a date of birth that is not a date, or in the future, is refused next to its field with the rest kept", async () => {
    const { portal } = await aPortalClientOfAPractice();
    for (const [dateOfBirth, words] of [["15/03/1984", "YYYY-MM-DD"], ["2999-01-01", "cannot be in the future"]] as const) {
      const reply = await portal.browser.post("/portal/intake", { form: { ...answers, dateOfBirth } });
      expect(reply.status).toBe(422);
      expect(text(reply, "#dateOfBirth-error")).toContain(words);
      expect(field(reply, "dateOfBirth")).toBe(dateOfBirth);
      expect(field(reply, "consent")).toBe(true);
    }
    expect((await clientRow(portal.client.id)).intake).toBeNull();
  });

  test("a form drawn with an older consent text is refused: the client reads the text they would agree to", async () => {
    const { portal } = await aPortalClientOfAPractice();
    const reply = await portal.browser.post("/portal/intake", { form: { ...answers, consentVersion: "2020-01-01" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#consent-error")).toContain("The consent text has changed");
    expect(text(reply, "#consent-text")).toBe(CONSENT.text);
  });

  test("with htmx the section swaps in place and says it was saved", async () => {
    const { portal } = await aPortalClientOfAPractice();
    const reply = await portal.browser.post("/portal/intake", { form: answers, htmx: true });
    expect(reply.status).toBe(200);
    expect(text(reply, "#intake-section .flash")).toBe("Thank you — your intake form is saved.");
    expect(all(reply, "h1")).toHaveLength(0);
  });

  test("the practitioner's client page shows the answers and the consent beside the notes, or that it is not sent yet", async () => {
    const { staff, portal } = await aPortalClientOfAPractice();
    const empty = await staff.get(`/clients/${portal.client.id}`);
    expect(text(empty, "#notes #intake")).toContain("Not submitted yet");

    await portal.browser.post("/portal/intake", { form: answers });
    const page = await staff.get(`/clients/${portal.client.id}`);
    const section = text(page, "#notes #intake");
    expect(section).toContain("Allergic to latex");
    expect(section).toContain("Sam Fake");
    expect(text(page, "#intake-consent")).toMatch(/^Agreed .+ to version 2026-12-01/);
    // The contact details are the record's own: the header shows them.
    expect(text(page, "#client-header")).toContain(answers.phone);
  });
});

describe("the profile", () => {
  test("shows the login email read-only and saves the name on this practice's record", async () => {
    const { portal, loginEmail } = await aPortalClientOfAPractice();
    const page = await portal.browser.get("/portal/profile");
    expect(text(page, "#login-email")).toBe(loginEmail);
    expect(text(page, "#notes-withheld")).toContain("Ask your practitioner for a copy of their clinical notes");

    const refused = await portal.browser.post("/portal/profile", { form: { firstName: "", lastName: "Fake-Smith" } });
    expect(refused.status).toBe(422);
    expect(text(refused, "#firstName-error")).toBe("Enter a name.");
    expect(field(refused, "lastName")).toBe("Fake-Smith");

    const saved = await portal.browser.post("/portal/profile", { form: { firstName: "Robyn", lastName: "Fake-Smith" } });
    expect(saved.status).toBe(303);
    expect(await clientRow(portal.client.id)).toMatchObject({ firstName: "Robyn", lastName: "Fake-Smith" });
  });

  test("a wrong current password is refused with 422 and the old password still works", async () => {
    const { portal, loginEmail } = await aPortalClientOfAPractice();
    const reply = await portal.browser.post("/portal/profile/password", { form: { currentPassword: "not my password", newPassword } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#currentPassword-error")).toBe("That is not your current password.");
    expect(field(reply, "newPassword")).toBe("");
    const login = await aBrowser().post("/login", { form: { email: loginEmail, password: aPassword } });
    expect(login.status).toBe(303);
  });

  test("a guessable new password is refused next to its field", async () => {
    const { portal } = await aPortalClientOfAPractice();
    const reply = await portal.browser.post("/portal/profile/password", { form: { currentPassword: aPassword, newPassword: "password12345" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#newPassword-error")).toContain("too easy to guess");
  });

  test("the right current password sets the new one, keeps this browser logged in and ends every other session", async () => {
    const { portal, loginEmail } = await aPortalClientOfAPractice();
    const { token } = await createSession(testDb(), portal.user.id);
    const otherPhone = aBrowser();
    otherPhone.setCookie(SESSION_COOKIE, token);
    expect((await otherPhone.get("/portal")).status).toBe(200);

    const reply = await portal.browser.post("/portal/profile/password", { form: { currentPassword: aPassword, newPassword } });
    expect(reply.status).toBe(303);
    expect(portal.browser.cookie(SESSION_COOKIE)).not.toBe(portal.token);
    const here = await portal.browser.get("/portal/profile");
    expect(here.status).toBe(200);
    expect(text(here, ".flash")).toContain("logged out everywhere else");

    const there = await otherPhone.get("/portal");
    expect(there.status).toBe(303);
    expect(there.headers.get("Location")).toMatch(/^\/login/);
    expect((await aBrowser().post("/login", { form: { email: loginEmail, password: newPassword } })).status).toBe(303);
    expect((await aBrowser().post("/login", { form: { email: loginEmail, password: aPassword } })).status).toBe(401);
  });
});

describe("the data download", () => {
  /** Two portal clients of one practice, each with a value of the same metric; the first also a session, a payment and a SOAP note. */
  async function twoClientsWithData() {
    const owner = await aPortalClientOfAPractice();
    const { practice, user } = owner;
    const other = await aPortalClient(practice.id, user.id, { firstName: "Quinn" });
    const pain = await createTemplate(testDb(), practice.id, user.id, {
      name: "Pain level", unit: null, type: "slider", minValue: 0, maxValue: 10, step: 1, better: "lower", description: null,
    });
    await logMetric(testDb(), practice, owner.portal.user.id, owner.portal.client.id, pain, "3", undefined, "client");
    await logMetric(testDb(), practice, user.id, other.client.id, pain, "9", undefined);
    const session = await aSession(practice, user.id, { title: "Knee check", start: "2026-03-04T09:00:00Z" });
    await addAttendee(testDb(), practice, user.id, session.id, owner.portal.client.id);
    await recordPayment(testDb(), practice, user.id, {
      clientId: owner.portal.client.id, item: null, amountCents: 4550, method: "cash", paidAt: new Date("2026-03-04T10:00:00Z"), note: null,
    });
    await aSoapNote(practice.id, owner.portal.client.id, user.id, { subjective: "Clinician-only observation" });
    await aClient(practice.id, user.id, { firstName: "Unrelated" });
    return { ...owner, other };
  }

  test("data.json holds the client's own profile, sessions, metrics and payments, and no other client's rows", async () => {
    const { portal, loginEmail } = await twoClientsWithData();
    const reply = await portal.browser.get("/portal/profile/data.json");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("Content-Disposition")).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = reply.json();
    expect(data.profile).toMatchObject({ firstName: "Robin", loginEmail });
    expect(data.metrics).toEqual([expect.objectContaining({ metric: "Pain level", value: 3, source: "client" })]);
    expect(data.sessions).toEqual([expect.objectContaining({ what: "Knee check", sessionStatus: "scheduled", attendance: "registered" })]);
    expect(data.payments).toEqual([expect.objectContaining({ amount: "45.50", status: "completed", method: "cash" })]);
    expect(reply.body).not.toContain("Quinn");
    expect(reply.body).not.toContain("Unrelated");
    // Clinical notes are withheld (see src/domain/portal-profile.ts): the download says whom to ask.
    expect(reply.body).not.toContain("Clinician-only observation");
    expect(data.notIncluded).toContain("Ask your practitioner");
  });

  test("data.csv is an attachment whose first row is the header", async () => {
    const { portal } = await twoClientsWithData();
    const reply = await portal.browser.get("/portal/profile/data.csv");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("Content-Type")).toContain("text/csv");
    expect(reply.headers.get("Content-Disposition")).toMatch(/^attachment; filename="my-data-.+\.csv"$/);
    const lines = reply.body.replace(/^\uFEFF/, "").split(/\r?\n/);
    expect(lines[0]).toBe("section,date,item,value,status,details");
    expect(lines.filter((l) => l.startsWith("metric,"))).toEqual([expect.stringMatching(/^metric,[^,]+,Pain level,3,,logged by client$/)]);
    expect(reply.body).not.toContain("Quinn");
  });
});
