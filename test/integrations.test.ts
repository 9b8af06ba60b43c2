import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { clients, sessionAttendees, sessions } from "../src/db/schema.js";
import { readEnv } from "../src/env.js";
import { aPracticeWithStaff, aService, aSession } from "./factories.js";
import { ORIGIN, testDatabase, testDb } from "./harness.js";

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

const signingKey = "test-calendly-signing-key";
const calendlyApp = () => createApp(testDatabase(), readEnv({ NODE_ENV: "test", APP_URL: ORIGIN, CALENDLY_WEBHOOK_SIGNING_KEY: signingKey }));

function deliver(body: unknown, { key = signingKey, at = Date.now() } = {}) {
  const text = JSON.stringify(body);
  const t = Math.floor(at / 1000);
  const v1 = createHmac("sha256", key).update(`${t}.${text}`).digest("hex");
  return calendlyApp().request(`${ORIGIN}/api/webhook/calendly`, {
    method: "POST", body: text, headers: { "Content-Type": "application/json", "Calendly-Webhook-Signature": `t=${t},v1=${v1}` },
  });
}

const invitee = (event: string, hostEmail: string, overrides: Record<string, unknown> = {}) => ({
  event,
  payload: {
    email: "invitee@example.test", name: "Ivy Invitee",
    scheduled_event: {
      uri: "https://api.calendly.example/scheduled_events/EV123", name: "Massage",
      start_time: "2030-04-01T09:00:00.000000Z", end_time: "2030-04-01T10:00:00.000000Z",
      location: { location: "Studio" }, event_memberships: [{ user_email: hostEmail }],
    },
    ...overrides,
  },
});

describe("the Calendly webhook", () => {
  test("invitee.created books a session and a new client; a replay changes nothing", async () => {
    const { practice, email } = await aPracticeWithStaff();
    const service = await aService(practice.id, { name: "Massage" });
    const first = await deliver(invitee("invitee.created", email));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, result: "booked" });
    const replay = await deliver(invitee("invitee.created", email));
    expect(await replay.json()).toMatchObject({ result: "unchanged" });

    const rows = await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serviceId: service.id, externalEventId: "https://api.calendly.example/scheduled_events/EV123", location: "Studio" });
    const [client] = await testDb().select().from(clients).where(eq(clients.practiceId, practice.id));
    expect(client).toMatchObject({ firstName: "Ivy", lastName: "Invitee", email: "invitee@example.test" });
    expect(await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, rows[0]!.id))).toHaveLength(1);
  });

  test("simultaneous duplicate deliveries still make one session", async () => {
    const { practice, email } = await aPracticeWithStaff();
    const replies = await Promise.all(Array.from({ length: 5 }, () => deliver(invitee("invitee.created", email))));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id))).toHaveLength(1);
  });

  test("invitee.canceled cancels the one-to-one, idempotently", async () => {
    const { practice, email } = await aPracticeWithStaff();
    await deliver(invitee("invitee.created", email));
    for (let i = 0; i < 2; i++) expect((await deliver(invitee("invitee.canceled", email))).status).toBe(200);
    const [row] = await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id));
    expect(row).toMatchObject({ status: "canceled", cancelReason: "Canceled in Calendly" });
  });

  test("a bad, stale or missing signature is 400 and changes nothing", async () => {
    const { practice, email } = await aPracticeWithStaff();
    expect((await deliver(invitee("invitee.created", email), { key: "wrong" })).status).toBe(400);
    expect((await deliver(invitee("invitee.created", email), { at: Date.now() - 3_600_000 })).status).toBe(400);
    const unsigned = await calendlyApp().request(`${ORIGIN}/api/webhook/calendly`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(unsigned.status).toBe(400);
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id))).toHaveLength(0);
  });

  test("is 404 when no signing key is configured", async () => {
    const { email } = await aPracticeWithStaff();
    const app = createApp(testDatabase(), readEnv({ NODE_ENV: "test", APP_URL: ORIGIN }));
    const reply = await app.request(`${ORIGIN}/api/webhook/calendly`, { method: "POST", body: JSON.stringify(invitee("invitee.created", email)), headers: { "Content-Type": "application/json" } });
    expect(reply.status).toBe(404);
  });

  test("a malformed payload is a 422, not a 500", async () => {
    const { email } = await aPracticeWithStaff();
    const reply = await deliver(invitee("invitee.created", email, { email: "not-an-email", scheduled_event: { uri: 5 } }));
    expect(reply.status).toBe(422);
  });
});
