// Portal invitations: one link per email that works once and for 7 days, a new login or an existing one
// (a client of two practices), resend and revoke from the client page, and the portal refusing the rest.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { clientInvites, clients, outbox, users } from "../src/db/schema.js";
import { INVITE_LIFETIME_MS } from "../src/domain/portal-invites.js";
import { aClient, aPassword, aPortalClient, aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser, testDb, text, type Browser } from "./harness.js";
import { postgresUrl } from "./test-database.js";

const chosenPassword = "lantern orbit cedar walk";

/** The staff member presses "Invite"; the link is read from the email the outbox holds. */
async function invite(staff: Browser, clientId: string) {
  const reply = await staff.post(`/clients/${clientId}/portal/invite`);
  const emails = await testDb().select().from(outbox).where(and(eq(outbox.clientId, clientId), eq(outbox.kind, "invitation")));
  const latest = emails.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const token = latest ? /\/portal\/invite\/(\S+)/.exec(latest.payload.text)![1]! : null;
  return { reply, latest, token };
}

async function clientRow(id: string) {
  const [row] = await testDb().select().from(clients).where(eq(clients.id, id));
  return row!;
}

const userCount = async () => (await testDb().select({ id: users.id }).from(users)).length;

describe("inviting a client", () => {
  test("sends one email with a 7-day single-use link; only the hash of its secret is kept", async () => {
    const { practice, staff, user } = await aPracticeWithStaff({ practiceName: "Willow Physio" });
    const client = await aClient(practice.id, user.id, { firstName: "Robin" });
    const { reply, latest, token } = await invite(staff, client.id);

    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe(`/clients/${client.id}#portal`);
    expect(latest).toMatchObject({ kind: "invitation", practiceId: practice.id, toAddress: client.email, status: "pending" });
    expect(latest!.subject).toBe("Willow Physio invites you to your client portal");
    expect(latest!.payload.text).toContain("works once and expires in 7 days");
    expect(latest!.payload.replyTo).toBe(user.email);
    const [id, secret] = token!.split(".");
    const [row] = await testDb().select().from(clientInvites).where(eq(clientInvites.id, id!));
    expect(Buffer.from(row!.secretHash).toString("hex")).not.toContain(Buffer.from(secret!).toString("hex"));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(INVITE_LIFETIME_MS - 5000);

    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, "#portal-heading .badge")).toBe("Invited");
    expect(text(page, "#portal")).toContain(`Invitation sent to ${client.email}`);
  });

  test("with htmx the section swaps in place and says what happened", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const reply = await staff.post(`/clients/${client.id}/portal/invite`, { htmx: true });
    expect(reply.status).toBe(200);
    expect(text(reply, "#portal .flash")).toContain(`Invitation sent to ${client.email}`);
    expect(text(reply, "#portal-heading .badge")).toBe("Invited");
  });

  test("a client without an email cannot be invited, and the page says why", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { email: null });
    expect(text(await staff.get(`/clients/${client.id}`), "#portal")).toContain("Add an email address");
    const reply = await staff.post(`/clients/${client.id}/portal/invite`);
    expect(reply.status).toBe(422);
    expect(await testDb().select().from(clientInvites).where(eq(clientInvites.clientId, client.id))).toHaveLength(0);
  });

  test("sending it again makes the older link stop working", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const first = await invite(staff, client.id);
    const second = await invite(staff, client.id);
    expect(second.token).not.toBe(first.token);
    const old = await aBrowser().get(`/portal/invite/${first.token}`);
    expect(old.status).toBe(404);
    expect(text(old, "#invite-refused")).toContain("a newer invitation replaced it");
    expect((await aBrowser().get(`/portal/invite/${second.token}`)).status).toBe(200);
  });
});

describe("accepting an invitation", () => {
  test("a new person chooses a password, lands in their portal, and the link never works again", async () => {
    const { practice, staff, user } = await aPracticeWithStaff({ practiceName: "Willow Physio" });
    const client = await aClient(practice.id, user.id, { firstName: "Robin", lastName: "Example" });
    const { token } = await invite(staff, client.id);
    const visitor = aBrowser();

    const form = await visitor.get(`/portal/invite/${token}`);
    expect(text(form, "h1")).toBe("Welcome to Willow Physio's client portal");
    expect(form.doc().querySelector("#fullName")!.getAttribute("value")).toBe("Robin Example");

    const weak = await visitor.post(`/portal/invite/${token}`, { form: { fullName: "Robin Example", password: "short" } });
    expect(weak.status).toBe(422);
    expect(visitor.cookie(SESSION_COOKIE)).toBeUndefined();

    const accepted = await visitor.post(`/portal/invite/${token}`, { form: { fullName: "Robin Example", password: chosenPassword } });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("Location")).toBe("/portal");
    const linked = await clientRow(client.id);
    const [login] = await testDb().select().from(users).where(eq(users.email, client.email!.toLowerCase()));
    expect(linked.portalUserId).toBe(login!.id);
    expect(login!.emailVerifiedAt).not.toBeNull();
    const home = await visitor.get("/portal");
    expect(home.status).toBe(200);
    expect(text(home, ".flash")).toBe("Welcome! Your Willow Physio portal is ready.");
    expect(text(await staff.get(`/clients/${client.id}`), "#portal-heading .badge")).toBe("Active");

    const before = await userCount();
    const again = await aBrowser().post(`/portal/invite/${token}`, { form: { fullName: "Someone Else", password: "meadow copper violin tide" } });
    expect(again.status).toBe(410);
    expect(text(again, "#invite-refused")).toContain("already been used");
    expect(await userCount()).toBe(before);
    expect((await clientRow(client.id)).portalUserId).toBe(login!.id);
  });

  test("an expired link and a tampered one are refused with a clear page, and nothing changes", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const { token } = await invite(staff, client.id);
    const [id, secret] = token!.split(".");
    const tampered = `${id}.${secret!.slice(0, -2)}${secret!.endsWith("aa") ? "bb" : "aa"}`;
    const before = await userCount();

    const forged = await aBrowser().post(`/portal/invite/${tampered}`, { form: { fullName: "Mallory", password: chosenPassword } });
    expect(forged.status).toBe(404);
    expect(text(forged, "h1")).toBe("This invitation can't be used");
    expect((await aBrowser().get("/portal/invite/not-a-token")).status).toBe(404);

    await testDb().update(clientInvites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(clientInvites.id, id!));
    const expired = await aBrowser().post(`/portal/invite/${token}`, { form: { fullName: "Robin", password: chosenPassword } });
    expect(expired.status).toBe(410);
    expect(text(expired, "#invite-refused")).toContain("expired: links work for 7 days");
    expect(await userCount()).toBe(before);
    expect((await clientRow(client.id)).portalUserId).toBeNull();
    expect(text(await staff.get(`/clients/${client.id}`), "#portal-heading .badge")).toBe("Invitation expired");
  });

  test("a client of two practices proves the login they have and switches between the practices", async () => {
    const first = await aPracticeWithStaff({ practiceName: "Harbour Yoga" });
    const second = await aPracticeWithStaff({ practiceName: "Willow Physio" });
    const email = anEmail("twoplaces");
    const existing = await aPortalClient(first.practice.id, first.user.id, { email, firstName: "Sam" });
    const client = await aClient(second.practice.id, second.user.id, { email, firstName: "Sam" });
    const { token } = await invite(second.staff, client.id);
    const visitor = aBrowser();

    const form = await visitor.get(`/portal/invite/${token}`);
    expect(text(form, "h1")).toBe("Join Willow Physio's client portal");
    expect(form.doc().querySelector("#fullName")).toBeNull();
    const wrong = await visitor.post(`/portal/invite/${token}`, { form: { password: "not the password at all" } });
    expect(wrong.status).toBe(401);
    expect((await clientRow(client.id)).portalUserId).toBeNull();

    const joined = await visitor.post(`/portal/invite/${token}`, { form: { password: aPassword } });
    expect(joined.status).toBe(303);
    expect((await clientRow(client.id)).portalUserId).toBe(existing.user.id);

    const home = await visitor.get("/portal");
    expect(text(home, ".brand")).toBe("Willow Physio");
    const other = home.doc().querySelector(".portal-switcher form input[name=clientId]")!.getAttribute("value");
    expect(other).toBe(existing.client.id);
    expect((await visitor.post("/portal/practice", { form: { clientId: other! } })).status).toBe(303);
    expect(text(await visitor.get("/portal"), ".brand")).toBe("Harbour Yoga");
    // The switcher only chooses among the login's own records.
    const stranger = await aClient(second.practice.id, second.user.id);
    expect((await visitor.post("/portal/practice", { form: { clientId: stranger.id } })).status).toBe(404);
  });

  test("someone signed in as another person is told to log out, and cannot take the invitation", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const { token } = await invite(staff, client.id);
    const page = await staff.get(`/portal/invite/${token}`);
    expect(text(page, "#invite-refused")).toContain(`It was sent to ${client.email!.toLowerCase()}`);
    expect((await staff.post(`/portal/invite/${token}`)).status).toBe(403);
    expect((await clientRow(client.id)).portalUserId).toBeNull();
  });
});

describe("ending access", () => {
  test("revoking logs the client out of this practice's portal; a new invitation opens it again", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const { client, browser } = await aPortalClient(practice.id, user.id);
    expect((await browser.get("/portal")).status).toBe(200);

    const revoked = await staff.post(`/clients/${client.id}/portal/revoke`, { htmx: true });
    expect(text(revoked, "#portal .flash")).toContain("portal access has ended");
    expect(text(revoked, "#portal-heading .badge")).toBe("Access ended");
    expect((await clientRow(client.id)).portalUserId).toBeNull();
    const refused = await browser.get("/portal");
    expect(refused.status).toBe(403);
    expect(text(refused, "main")).toContain("no portal access");

    const { token } = await invite(staff, client.id);
    expect(text(await staff.get(`/clients/${client.id}`), "#portal-heading .badge")).toBe("Invited");
    expect((await browser.post(`/portal/invite/${token}`)).status).toBe(303);
    expect((await browser.get("/portal")).status).toBe(200);
  });

  test("canceling a pending invitation makes its link stop working", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const { token } = await invite(staff, client.id);
    await staff.post(`/clients/${client.id}/portal/revoke`);
    expect((await aBrowser().get(`/portal/invite/${token}`)).status).toBe(404);
  });
});

describe("who goes where", () => {
  test("a portal client opening a practitioner page is sent to the portal; the API answers 403", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const { browser, token } = await aPortalClient(practice.id, user.id);
    for (const path of ["/", "/clients", "/calendar", "/settings"]) {
      const reply = await browser.get(path);
      expect(reply.status, path).toBe(303);
      expect(reply.headers.get("Location"), path).toBe("/portal");
    }
    expect((await aBrowser().get("/api/clients", { bearer: token })).status).toBe(403);
    const me = await aBrowser().get("/api/user/me", { bearer: token });
    expect(me.json()).toMatchObject({ user: { role: "client" }, practice: { id: practice.id } });
  });

  test("logging in as a portal client ends in the portal", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const { client } = await aPortalClient(practice.id, user.id);
    const visitor = aBrowser();
    const login = await visitor.post("/login", { form: { email: client.email!, password: aPassword } });
    expect(login.status).toBe(303);
    const landing = await visitor.get(login.headers.get("Location")!);
    expect(landing.headers.get("Location")).toBe("/portal");
  });

  test("a staff member with no client record is sent from the portal to their calendar", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.get("/portal");
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/");
  });
});

describe.skipIf(!postgresUrl())("on PostgreSQL, where requests really run at once", () => {
  test("two submits of one invitation at the same moment: exactly one login, linked once", async () => {
    const { practice, staff, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const { token } = await invite(staff, client.id);
    const replies = await Promise.all(["lantern orbit cedar walk", "meadow copper violin tide"].map((password) =>
      aBrowser().post(`/portal/invite/${token}`, { form: { fullName: "Robin Example", password } })));
    expect(replies.map((r) => r.status).sort()).toEqual([303, 409].sort());
    const logins = await testDb().select().from(users).where(eq(users.email, client.email!.toLowerCase()));
    expect(logins).toHaveLength(1);
    expect((await clientRow(client.id)).portalUserId).toBe(logins[0]!.id);
  });
});
