// Scheduled check-ins: a client asked to log chosen metrics every N days or before each session. Due
// around each rule's boundary, cleared by a value logged, reminded once per due period through the outbox
// (and only to clients who can log in), set from the client page's form, and listed on the Metrics page.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, clientMetricTemplates, clients, outbox, type Client, type MetricTemplate, type Practice } from "../src/db/schema.js";
import { addAttendee, setAttendance } from "../src/domain/booking.js";
import { listDueCheckIns, planCheckInReminders, setCheckInPlan } from "../src/domain/check-ins.js";
import { createTemplate, logMetric, starterTemplates, trackMetric } from "../src/domain/metrics.js";
import { aClient, aPortalClient, aPracticeWithStaff, aSession } from "./factories.js";
import { all, testDb, text } from "./harness.js";

const APP_URL = "http://localhost";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** The practice's "Pain level" (a 0–10 slider) tracked by `client`. */
async function aTrackedMetric(practiceId: string, userId: string, clientId: string, name = "Pain level") {
  const template = await createTemplate(testDb(), practiceId, userId, { ...starterTemplates[0]!, name });
  await trackMetric(testDb(), practiceId, userId, clientId, template);
  return template;
}

type Options = { cadence: "every_days" | "before_session"; everyDays?: number; portal?: boolean; firstName?: string };

/** Calm Clinic and its "Pain level" metric. */
async function aPracticeWithPain() {
  const owner = await aPracticeWithStaff({ practiceName: "Calm Clinic" });
  const template = await createTemplate(testDb(), owner.practice.id, owner.user.id, { ...starterTemplates[0]!, name: "Pain level" });
  return { ...owner, template };
}

/** A client asked to log Pain level on `cadence` (in a new practice unless given one); with a portal login unless told otherwise. */
async function aClientWithCheckIn(options: Options, setup?: Awaited<ReturnType<typeof aPracticeWithPain>>) {
  const owner = setup ?? (await aPracticeWithPain());
  const { practice, user, template } = owner;
  const client: Client = options.portal === false
    ? await aClient(practice.id, user.id, { firstName: options.firstName ?? "Ada" })
    : (await aPortalClient(practice.id, user.id, { firstName: options.firstName ?? "Ada" })).client;
  await trackMetric(testDb(), practice.id, user.id, client.id, template);
  await setCheckInPlan(testDb(), practice.id, user.id, client, { cadence: options.cadence, everyDays: options.everyDays ?? null, templateIds: [template.id] });
  return { ...owner, client };
}

const logAt = (practice: Practice, userId: string, clientId: string, template: MetricTemplate, at: Date, source: "practitioner" | "client" = "client") =>
  logMetric(testDb(), practice, userId, clientId, template, 3, at.toISOString(), source);

const checkInEmailsOf = (clientId: string) =>
  testDb().select().from(outbox).where(and(eq(outbox.clientId, clientId), eq(outbox.kind, "check_in"))).orderBy(outbox.createdAt);

describe("every N days", () => {
  test("due exactly N days after the last value (whoever logged it), not a millisecond before", async () => {
    const { practice, user, client, template } = await aClientWithCheckIn({ cadence: "every_days", everyDays: 7 });
    const logged = new Date(Date.now() - HOUR);
    await logAt(practice, user.id, client.id, template, logged, "practitioner");

    expect(await listDueCheckIns(testDb(), practice.id, client.id, plus(logged, 7 * DAY - 1))).toEqual([]);
    expect(await listDueCheckIns(testDb(), practice.id, client.id, plus(logged, 7 * DAY)))
      .toEqual([{ templateId: template.id, templateName: "Pain level", dueSince: plus(logged, 7 * DAY) }]);
  });

  test("a metric never logged is due at once, since it was given to the client", async () => {
    const before = new Date();
    const { practice, client, template } = await aClientWithCheckIn({ cadence: "every_days", everyDays: 3 });
    const [assigned] = await testDb().select().from(clientMetricTemplates).where(eq(clientMetricTemplates.clientId, client.id));

    const due = await listDueCheckIns(testDb(), practice.id, client.id, new Date());
    expect(due).toEqual([{ templateId: template.id, templateName: "Pain level", dueSince: assigned!.createdAt }]);
    expect(due[0]!.dueSince.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  test("only the metrics in the check-in, and nothing once it is off or the client is archived", async () => {
    const { practice, user, client, template } = await aClientWithCheckIn({ cadence: "every_days", everyDays: 1 });
    await aTrackedMetric(practice.id, user.id, client.id, "Sleep"); // tracked, not part of the check-in
    expect((await listDueCheckIns(testDb(), practice.id, client.id)).map((d) => d.templateName)).toEqual(["Pain level"]);

    await testDb().update(clients).set({ status: "archived" }).where(eq(clients.id, client.id));
    expect(await listDueCheckIns(testDb(), practice.id, client.id)).toEqual([]);
    await testDb().update(clients).set({ status: "active" }).where(eq(clients.id, client.id));
    await setCheckInPlan(testDb(), practice.id, user.id, client, { cadence: null, everyDays: null, templateIds: [template.id] });
    expect(await listDueCheckIns(testDb(), practice.id, client.id)).toEqual([]);
  });
});

describe("before each session", () => {
  test("due only once the session is within 48 hours, and cleared by a value logged since 48 hours before it", async () => {
    const { practice, user, client, template } = await aClientWithCheckIn({ cadence: "before_session" });
    const start = new Date(Math.ceil((Date.now() + DAY) / MINUTE) * MINUTE);
    const session = await aSession(practice, user.id, { startTime: start });
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    const opens = plus(start, -48 * HOUR);

    expect(await listDueCheckIns(testDb(), practice.id, client.id, plus(opens, -1))).toEqual([]);
    expect(await listDueCheckIns(testDb(), practice.id, client.id, opens)) // exactly 48 h ahead: due, like every N days at N days
      .toEqual([{ templateId: template.id, templateName: "Pain level", dueSince: opens }]);

    await logAt(practice, user.id, client.id, template, plus(opens, -MINUTE)); // before the window: does not count
    expect(await listDueCheckIns(testDb(), practice.id, client.id, new Date())).toHaveLength(1);
    await logAt(practice, user.id, client.id, template, opens); // the window's first instant counts
    expect(await listDueCheckIns(testDb(), practice.id, client.id, new Date())).toEqual([]);
  });

  test("not due for a canceled booking, a session further out than 48 hours, or with no session at all", async () => {
    const { practice, user, client } = await aClientWithCheckIn({ cadence: "before_session" });
    expect(await listDueCheckIns(testDb(), practice.id, client.id)).toEqual([]);

    const far = await aSession(practice, user.id, { startTime: new Date(Date.now() + 49 * HOUR) });
    await addAttendee(testDb(), practice, user.id, far.id, client.id);
    expect(await listDueCheckIns(testDb(), practice.id, client.id)).toEqual([]);

    const near = await aSession(practice, user.id, { startTime: new Date(Date.now() + 3 * HOUR) });
    await addAttendee(testDb(), practice, user.id, near.id, client.id);
    expect(await listDueCheckIns(testDb(), practice.id, client.id)).toHaveLength(1);
    await setAttendance(testDb(), practice, user.id, near.id, client.id, "canceled");
    expect(await listDueCheckIns(testDb(), practice.id, client.id)).toEqual([]);
  });
});

describe("the check-in reminder", () => {
  test("one email per due period, even when the planner runs twice and twice at once; a new period gets a new one", async () => {
    const { practice, user, client, template } = await aClientWithCheckIn({ cadence: "every_days", everyDays: 7 });
    const [due] = await listDueCheckIns(testDb(), practice.id, client.id);
    const now = new Date();

    await Promise.all([planCheckInReminders(testDb(), APP_URL, now), planCheckInReminders(testDb(), APP_URL, now)]);
    await planCheckInReminders(testDb(), APP_URL, plus(now, MINUTE));
    await planCheckInReminders(testDb(), APP_URL, plus(now, 3 * DAY));
    const [email, ...more] = await checkInEmailsOf(client.id);
    expect(more).toEqual([]);
    expect(email).toMatchObject({
      toAddress: client.email, practiceId: practice.id, status: "pending", sessionId: null,
      dedupeKey: `check_in:${client.id}:${due!.dueSince.toISOString().slice(0, 10)}`, subject: "Time for your check-in with Calm Clinic",
    });
    expect(email!.payload.text).toContain("Calm Clinic asks you to log Pain level.");
    expect(email!.payload.html).toContain(`href="${APP_URL}/portal/metrics"`);
    expect(email!.payload.headers!["List-Unsubscribe"]).toBe(`<${APP_URL}/email/unsubscribe/${email!.id}>`);

    const logged = new Date(Date.now() - MINUTE);
    await logAt(practice, user.id, client.id, template, logged);
    await planCheckInReminders(testDb(), APP_URL, plus(logged, 7 * DAY - MINUTE));
    expect(await checkInEmailsOf(client.id)).toHaveLength(1);
    await planCheckInReminders(testDb(), APP_URL, plus(logged, 7 * DAY));
    await planCheckInReminders(testDb(), APP_URL, plus(logged, 8 * DAY));
    expect((await checkInEmailsOf(client.id)).map((e) => e.dedupeKey))
      .toEqual([email!.dedupeKey, `check_in:${client.id}:${plus(logged, 7 * DAY).toISOString().slice(0, 10)}`]);
  });

  test("before a session: keyed by the session, naming it", async () => {
    const { practice, user, client } = await aClientWithCheckIn({ cadence: "before_session" });
    const session = await aSession(practice, user.id, { startTime: new Date("2030-01-07T09:00:00Z") });
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    const now = new Date("2030-01-06T09:00:00Z");
    await Promise.all([planCheckInReminders(testDb(), APP_URL, now), planCheckInReminders(testDb(), APP_URL, now)]);
    await planCheckInReminders(testDb(), APP_URL, plus(now, HOUR));
    const emails = await checkInEmailsOf(client.id);
    expect(emails.map((e) => [e.dedupeKey, e.sessionId, e.subject]))
      .toEqual([[`check_in:${client.id}:${session.id}`, session.id, "Before your session Mon 7 Jan at 09:00: how are you doing?"]]);
    expect(emails[0]!.payload.text).toContain("Calm Clinic asks you to log Pain level before your session on Mon 7 Jan at 09:00.");
  });

  test("none for a client without portal access, with reminders off, or archived, though their check-in is due", async () => {
    const owner = await aPracticeWithPain();
    const noPortal = await aClientWithCheckIn({ cadence: "every_days", everyDays: 2, portal: false, firstName: "Nopor" }, owner);
    const remindersOff = await aClientWithCheckIn({ cadence: "every_days", everyDays: 2, firstName: "Quiet" }, owner);
    await testDb().update(clients).set({ remindersOffAt: new Date() }).where(eq(clients.id, remindersOff.client.id));
    const archived = await aClientWithCheckIn({ cadence: "every_days", everyDays: 2, firstName: "Gone" }, owner);
    await testDb().update(clients).set({ status: "archived" }).where(eq(clients.id, archived.client.id));
    const reminded = await aClientWithCheckIn({ cadence: "every_days", everyDays: 2, firstName: "Yes" }, owner);

    expect(await listDueCheckIns(testDb(), owner.practice.id, noPortal.client.id)).toHaveLength(1);
    await planCheckInReminders(testDb(), APP_URL);
    expect(await checkInEmailsOf(noPortal.client.id)).toEqual([]);
    expect(await checkInEmailsOf(remindersOff.client.id)).toEqual([]);
    expect(await checkInEmailsOf(archived.client.id)).toEqual([]);
    expect(await checkInEmailsOf(reminded.client.id)).toHaveLength(1);
  });
});

describe("the client page's Check-ins form", () => {
  async function aClientTrackingPain() {
    const owner = await aPracticeWithStaff();
    const client = await aClient(owner.practice.id, owner.user.id, { firstName: "Ada" });
    const template = await aTrackedMetric(owner.practice.id, owner.user.id, client.id);
    return { ...owner, client, template };
  }
  const clientRow = async (id: string) => (await testDb().select().from(clients).where(eq(clients.id, id)))[0]!;
  const checkInFlags = async (clientId: string) =>
    (await testDb().select().from(clientMetricTemplates).where(eq(clientMetricTemplates.clientId, clientId))).map((r) => r.checkIn);

  test("saves every N days and the ticked metrics, audited, and says so on the client page", async () => {
    const { staff, client, template, practice } = await aClientTrackingPain();
    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, "#check-in-summary")).toBe("Ada has no scheduled check-in.");
    expect(page.doc().querySelector('#check-ins input[name="cadence"][value="off"]')?.hasAttribute("checked")).toBe(true);
    expect(all(page, '#check-ins input[name="templateIds"]').map((i) => i.getAttribute("value"))).toEqual([template.id]);

    const reply = await staff.post(`/clients/${client.id}/check-ins`, { form: { cadence: "every_days", everyDays: "7", templateIds: template.id } });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe(`/clients/${client.id}#check-ins`);
    expect(await clientRow(client.id)).toMatchObject({ checkInCadence: "every_days", checkInEveryDays: 7 });
    expect(await checkInFlags(client.id)).toEqual([true]);
    const [audit] = await testDb().select().from(auditLog).where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.action, "check_in_plan")));
    expect(audit!.diff).toEqual({ cadence: [null, "every_days"], everyDays: [null, 7], metrics: [template.id] });

    const after = await staff.get(`/clients/${client.id}`);
    expect(after.body).toContain("Saved. Ada is asked to log Pain level every 7 days.");
    expect(text(after, "#check-in-summary")).toBe("Ada is asked to log Pain level every 7 days.");
    expect(after.doc().querySelector(`#check-ins input[name="templateIds"][value="${template.id}"]`)?.hasAttribute("checked")).toBe(true);
  });

  test("with htmx the section comes back in place, saying what changed", async () => {
    const { staff, client, template } = await aClientTrackingPain();
    const reply = await staff.post(`/clients/${client.id}/check-ins`, { htmx: true, form: { cadence: "before_session", everyDays: "", templateIds: template.id } });
    expect(reply.status).toBe(200);
    expect(reply.doc().querySelector("section#check-ins")).not.toBeNull();
    expect(reply.body).not.toContain("<html");
    expect(text(reply, "#check-ins .flash")).toBe("Saved. Ada is asked to log Pain level before each session (from 48 hours ahead).");
    expect(await clientRow(client.id)).toMatchObject({ checkInCadence: "before_session", checkInEveryDays: null });
  });

  test("a bad number of days is a 422 with the message by the field and what was typed kept; nothing is saved", async () => {
    const { staff, client, template } = await aClientTrackingPain();
    for (const [everyDays, message] of [["0", "The number of days must be at least 1."], ["366", "The number of days must be at most 365."],
      ["", "Enter every how many days, from 1 to 365."], ["two", "The number of days must be a whole number."]] as const) {
      const reply = await staff.post(`/clients/${client.id}/check-ins`, { htmx: true, form: { cadence: "every_days", everyDays, templateIds: template.id } });
      expect(reply.status).toBe(422);
      expect(text(reply, "#everyDays-error")).toBe(message);
      expect(reply.doc().querySelector("#everyDays")?.getAttribute("value")).toBe(everyDays);
      expect(reply.doc().querySelector('#check-ins input[name="cadence"][value="every_days"]')?.hasAttribute("checked")).toBe(true);
      expect(reply.doc().querySelector(`#check-ins input[name="templateIds"][value="${template.id}"]`)?.hasAttribute("checked")).toBe(true);
    }
    expect(await clientRow(client.id)).toMatchObject({ checkInCadence: null, checkInEveryDays: null });
    expect(await checkInFlags(client.id)).toEqual([false]);
  });

  test("a check-in of no metric is refused (422, next to the list), and without JavaScript the page says why", async () => {
    const { staff, client } = await aClientTrackingPain();
    const reply = await staff.post(`/clients/${client.id}/check-ins`, { form: { cadence: "before_session", everyDays: "" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#check-in-metrics .error")).toBe("Tick at least one metric to ask for.");
    expect(reply.body).toContain("<html");
    expect(await clientRow(client.id)).toMatchObject({ checkInCadence: null });
  });
});

describe("the Metrics page's check-ins not logged", () => {
  test("lists the practice's clients whose check-in is due, linking to them, and no other practice's", async () => {
    const mine = await aClientWithCheckIn({ cadence: "every_days", everyDays: 5, firstName: "Mina" });
    const notDue = await aClientWithCheckIn({ cadence: "every_days", everyDays: 5, firstName: "Done" }, mine);
    await logAt(mine.practice, mine.user.id, notDue.client.id, notDue.template, new Date(Date.now() - MINUTE));
    const theirs = await aClientWithCheckIn({ cadence: "every_days", everyDays: 5, firstName: "Theirs" });

    const page = await mine.staff.get("/metrics");
    expect(page.status).toBe(200);
    const links = all(page, "#check-ins-not-logged li a");
    expect(links.map((a) => [a.text.trim(), a.getAttribute("href")])).toEqual([[`Mina ${mine.client.lastName}`, `/clients/${mine.client.id}#check-ins`]]);
    expect(text(page, "#check-ins-not-logged li")).toContain("Pain level · due since");
    expect(page.body).not.toContain(theirs.client.lastName);
  });
});
