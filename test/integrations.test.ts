import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clients, sessionAttendees, sessions } from "../src/db/schema.js";
import { aPracticeWithStaff, aService, aSession, aStaffMember } from "./factories.js";
import { aBrowser, all, testDb, text } from "./harness.js";

describe("the ICS feed", () => {
  test("a new link serves the practitioner's sessions in UTC; a regenerated link revokes the old one", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    // A month ahead, on the hour: inside the feed's window whenever the test runs.
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 30 * 86_400_000);
    await aSession(practice, user.id, { startTime: start, title: "Sunday <yoga>" });
    const page = await staff.post("/calendar/feed");
    const url = new URL(page.doc().querySelector("#feed-url")!.getAttribute("value")!);
    const feed = await staff.get(url.pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("Content-Type")).toContain("text/calendar");
    expect(feed.body).toContain(`DTSTART:${start.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`);
    expect(feed.body).toContain("X-WR-TIMEZONE:Europe/London");
    expect(feed.body).toContain("SUMMARY:Sunday <yoga>");

    await staff.post("/calendar/feed");
    expect((await staff.get(url.pathname)).status).toBe(404);
  });

  test("unknown or malformed tokens are 404", async () => {
    const { staff } = await aPracticeWithStaff();
    for (const path of ["/calendar/feeds/x.ics", "/calendar/feeds/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics", "/calendar/feeds/..%2F..%2Fetc.ics"]) {
      expect((await staff.get(path)).status, path).toBe(404);
    }
  });
});

/** A practice that has connected Calendly through Settings → Integrations: its webhook path and key. */
async function aCalendlyPractice(signingKey = `calendly-key-${Math.random().toString(36).slice(2)}`) {
  const owner = await aPracticeWithStaff();
  await owner.staff.post("/settings/integrations/calendly", { form: {} });
  await owner.staff.post("/settings/integrations/calendly/signing-key", { form: { signingKey } });
  const page = await owner.staff.get("/settings/integrations");
  const url = new URL(page.doc().querySelector("#calendly-url")!.getAttribute("value")!);
  return { ...owner, path: url.pathname, signingKey };
}

function deliver(path: string, body: unknown, key: string, { at = Date.now() } = {}) {
  const text = JSON.stringify(body);
  const t = Math.floor(at / 1000);
  const v1 = createHmac("sha256", key).update(`${t}.${text}`).digest("hex");
  return aBrowser().send("POST", path, { raw: { body: text, contentType: "application/json" }, headers: { "Calendly-Webhook-Signature": `t=${t},v1=${v1}` }, origin: null });
}

const invitee = (event: string, hostEmail: string, overrides: Record<string, unknown> = {}, eventOverrides: Record<string, unknown> = {}) => ({
  event,
  payload: {
    email: "invitee@example.test", name: "Ivy Invitee",
    scheduled_event: {
      uri: "https://api.calendly.example/scheduled_events/EV123", name: "Massage",
      start_time: "2030-04-01T09:00:00.000000Z", end_time: "2030-04-01T10:00:00.000000Z",
      location: { location: "Studio" }, event_memberships: [{ user_email: hostEmail }], ...eventOverrides,
    },
    ...overrides,
  },
});

describe("the Calendly webhook", () => {
  test("invitee.created books a session and a new client; a replay changes nothing", async () => {
    const { practice, email, path, signingKey } = await aCalendlyPractice();
    const service = await aService(practice.id, { name: "Massage" });
    const first = await deliver(path, invitee("invitee.created", email), signingKey);
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({ received: true, result: "booked" });
    const replay = await deliver(path, invitee("invitee.created", email), signingKey);
    expect(replay.json()).toMatchObject({ result: "unchanged" });

    const rows = await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serviceId: service.id, externalEventId: "https://api.calendly.example/scheduled_events/EV123", location: "Studio" });
    const [client] = await testDb().select().from(clients).where(eq(clients.practiceId, practice.id));
    expect(client).toMatchObject({ firstName: "Ivy", lastName: "Invitee", email: "invitee@example.test" });
    expect(await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, rows[0]!.id))).toHaveLength(1);
  });

  test("simultaneous duplicate deliveries still make one session", async () => {
    const { practice, email, path, signingKey } = await aCalendlyPractice();
    const replies = await Promise.all(Array.from({ length: 5 }, () => deliver(path, invitee("invitee.created", email), signingKey)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id))).toHaveLength(1);
  });

  test("invitee.canceled cancels the one-to-one, idempotently, as the client's cancel", async () => {
    const { practice, email, path, signingKey } = await aCalendlyPractice();
    await deliver(path, invitee("invitee.created", email), signingKey);
    for (let i = 0; i < 2; i++) expect((await deliver(path, invitee("invitee.canceled", email), signingKey)).status).toBe(200);
    const [row] = await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id));
    expect(row).toMatchObject({ status: "canceled", cancelReason: "Canceled in Calendly", canceledBy: "client" });
  });

  test("a bad, stale or missing signature is 400 and changes nothing", async () => {
    const { practice, email, path, signingKey } = await aCalendlyPractice();
    expect((await deliver(path, invitee("invitee.created", email), "wrong")).status).toBe(400);
    expect((await deliver(path, invitee("invitee.created", email), signingKey, { at: Date.now() - 3_600_000 })).status).toBe(400);
    const unsigned = await aBrowser().send("POST", path, { raw: { body: "{}", contentType: "application/json" }, origin: null });
    expect(unsigned.status).toBe(400);
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id))).toHaveLength(0);
  });

  test("one practice's key cannot write into another: each practice has its own address and key", async () => {
    const a = await aCalendlyPractice();
    const b = await aCalendlyPractice();
    expect(a.path).not.toBe(b.path);
    // A's key on B's address, and B's host named in an event sent to A's address with A's key.
    expect((await deliver(b.path, invitee("invitee.created", b.email), a.signingKey)).status).toBe(400);
    const intoA = await deliver(a.path, invitee("invitee.created", b.email), a.signingKey);
    expect(intoA.json()).toMatchObject({ result: "booked" });
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, b.practice.id))).toHaveLength(0);
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, b.practice.id))).toHaveLength(0);
    // Booked into A, as A's owner (B's host is nobody there).
    const [row] = await testDb().select().from(sessions).where(eq(sessions.practiceId, a.practice.id));
    expect(row!.practitionerId).toBe(a.user.id);
  });

  test("an unknown address, or a connection without its key yet, is 404", async () => {
    const { email } = await aPracticeWithStaff();
    const unknown = await deliver("/api/webhook/calendly/not-a-connection", invitee("invitee.created", email), "any-key-at-all-here");
    expect(unknown.status).toBe(404);
    const half = await aPracticeWithStaff();
    await half.staff.post("/settings/integrations/calendly", { form: {} });
    const page = await half.staff.get("/settings/integrations");
    const path = new URL(page.doc().querySelector("#calendly-url")!.getAttribute("value")!).pathname;
    expect((await deliver(path, invitee("invitee.created", half.email), "")).status).toBe(404);
  });

  test("a booking that clashes is kept as unplaced, listed on the calendar, and off the list once dealt with", async () => {
    const { staff, practice, user, email, path, signingKey } = await aCalendlyPractice();
    await aSession(practice, user.id, { start: "2030-04-01T09:30:00Z", title: "Already here" });
    const reply = await deliver(path, invitee("invitee.created", email), signingKey);
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ result: "unplaced" });
    expect(await deliver(path, invitee("invitee.created", email), signingKey).then((r) => r.json())).toMatchObject({ result: "unplaced" });
    const calendar = await staff.get("/calendar");
    expect(all(calendar, "section.unplaced li")).toHaveLength(1);
    expect(text(calendar, "section.unplaced li")).toContain("Ivy Invitee");
    expect(text(calendar, "section.unplaced li")).toContain("Already here");
    const action = calendar.doc().querySelector("section.unplaced form")!.getAttribute("action")!;
    expect((await staff.post(action, { form: {} })).status).toBe(303);
    expect(all(await staff.get("/calendar"), "section.unplaced li")).toHaveLength(0);
  });

  test("only the owner sees and changes the connection", async () => {
    const { practice } = await aCalendlyPractice();
    const member = await aStaffMember(practice.id, "practitioner");
    expect((await member.browser.get("/settings/integrations")).status).toBe(403);
    expect((await member.browser.post("/settings/integrations/calendly/signing-key", { form: { signingKey: "x".repeat(30) } })).status).toBe(403);
  });

  test("a malformed payload is a 422, not a 500", async () => {
    const { email, path, signingKey } = await aCalendlyPractice();
    const reply = await deliver(path, invitee("invitee.created", email, { email: "not-an-email", scheduled_event: { uri: 5 } }), signingKey);
    expect(reply.status).toBe(422);
  });
});
