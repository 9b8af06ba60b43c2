// Metrics in the client portal: the client logs what their practitioner asked them to track (the same checks
// as the practitioner's form), with their own API token too but only for their own record, and the
// practitioner sees which values the client logged.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clientMetrics } from "../src/db/schema.js";
import { archiveTemplate, createTemplate, trackMetric } from "../src/domain/metrics.js";
import { toLocalInput } from "../src/lib/time.js";
import { aClient, aPortalClient, aPracticeWithStaff } from "./factories.js";
import { aBrowser, all, testDb, text, type Reply } from "./harness.js";

const painSpec = { name: "Pain level", unit: null, type: "slider" as const, minValue: 0, maxValue: 10, step: 1, better: "lower" as const, description: "0 = no pain." };
const weightSpec = { name: "Weight", unit: "kg", type: "number" as const, minValue: 20, maxValue: 400, step: 0.1, better: null, description: null };

/** A practice whose portal client tracks Pain level; Weight exists in the practice but is not theirs. */
async function aPortalClientWithPain() {
  const owner = await aPracticeWithStaff();
  const portal = await aPortalClient(owner.practice.id, owner.user.id);
  const pain = await createTemplate(testDb(), owner.practice.id, owner.user.id, painSpec);
  const weight = await createTemplate(testDb(), owner.practice.id, owner.user.id, weightSpec);
  await trackMetric(testDb(), owner.practice.id, owner.user.id, portal.client.id, pain);
  return { ...owner, portal, pain, weight };
}

const valuesOf = (clientId: string) => testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, clientId));

const chartOf = (reply: Reply, selector: string) => JSON.parse(reply.doc().querySelector(`${selector} figure[data-chart]`)!.getAttribute("data-chart")!);

describe("the portal's metrics page", () => {
  test("offers a slider with the template's scale, and saving a value stores it as the client's own and says what was saved", async () => {
    const { portal, pain } = await aPortalClientWithPain();
    const page = await portal.browser.get("/portal/metrics");
    expect(page.status).toBe(200);
    const slider = page.doc().querySelector(`#metric-${pain.id} input[type=range][name=value]`)!;
    expect([slider.getAttribute("min"), slider.getAttribute("max"), slider.getAttribute("step")]).toEqual(["0", "10", "1"]);
    expect(text(page, `#metric-${pain.id} output[for=metric-${pain.id}-value]`)).toBe("5");
    expect(text(page, `label[for=metric-${pain.id}-value]`)).toBe("Your value now");

    const saved = await portal.browser.post("/portal/metrics", { form: { templateId: pain.id, value: "3" } });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/portal/metrics#metric-${pain.id}`);
    expect(text(await portal.browser.get("/portal/metrics"), ".flash")).toMatch(/^Saved: Pain level 3 \(today \d\d:\d\d\)\.$/);
    const [row] = await valuesOf(portal.client.id);
    expect(row).toMatchObject({ metricTemplateId: pain.id, valueNum: 3, source: "client", recordedByUserId: portal.user.id });
  });

  test("with htmx only the card comes back, with the new point in its chart and what was saved", async () => {
    const { portal, pain } = await aPortalClientWithPain();
    const reply = await portal.browser.post("/portal/metrics", { htmx: true, form: { templateId: pain.id, value: "4" } });
    expect(reply.status).toBe(200);
    expect(reply.body.startsWith(`<article id="metric-${pain.id}"`)).toBe(true);
    expect(text(reply, ".flash")).toMatch(/^Saved: Pain level 4 \(today/);
    expect(chartOf(reply, `#metric-${pain.id}`).series[0].points.map((p: number[]) => p[1])).toEqual([4]);
  });

  test("an out-of-range value is refused with 422: the form comes back with what was typed and the message under the field", async () => {
    const { portal, pain } = await aPortalClientWithPain();
    const reply = await portal.browser.post("/portal/metrics", { form: { templateId: pain.id, value: "11", recordedAt: "2026-01-05T09:30" } });
    expect(reply.status).toBe(422);
    const card = `#metric-${pain.id}`;
    expect(reply.doc().querySelector(`${card} input[name=value]`)!.getAttribute("value")).toBe("11");
    expect(reply.doc().querySelector(`${card} input[name=recordedAt]`)!.getAttribute("value")).toBe("2026-01-05T09:30");
    expect(text(reply, `${card} .field.has-error #metric-${pain.id}-value-error`)).toBe("Must be between 0 and 10.");
    expect(reply.doc().querySelector(`${card} input[name=value]`)!.getAttribute("aria-describedby")).toBe(`metric-${pain.id}-value-error`);

    const htmx = await portal.browser.post("/portal/metrics", { htmx: true, form: { templateId: pain.id, value: "-1" } });
    expect(htmx.status).toBe(422);
    expect(text(htmx, `#metric-${pain.id}-value-error`)).toBe("Must be between 0 and 10.");
    expect(await valuesOf(portal.client.id)).toHaveLength(0);
  });

  test("a metric the client does not track, another practice's, or an archived one is a 404 and nothing is stored", async () => {
    const { portal, pain, weight, user, practice } = await aPortalClientWithPain();
    const other = await aPracticeWithStaff();
    const elsewhere = await createTemplate(testDb(), other.practice.id, other.user.id, painSpec);
    for (const templateId of [weight.id, elsewhere.id, "not-a-uuid"]) {
      const reply = await portal.browser.post("/portal/metrics", { form: { templateId, value: "50" } });
      expect(reply.status, templateId).toBe(404);
    }
    expect(all(await portal.browser.get("/portal/metrics"), `#metric-${weight.id}`)).toHaveLength(0);

    await archiveTemplate(testDb(), practice.id, user.id, pain, true);
    expect((await portal.browser.post("/portal/metrics", { form: { templateId: pain.id, value: "3" } })).status).toBe(404);
    expect(await valuesOf(portal.client.id)).toHaveLength(0);
  });
});

describe("the API with the client's own token", () => {
  test("logs and lists values for their own client id, as the client's", async () => {
    const { portal, pain } = await aPortalClientWithPain();
    const logged = await aBrowser().post(`/api/clients/${portal.client.id}/metrics`, { bearer: portal.token, json: { templateId: pain.id, value: 6 } });
    expect(logged.status).toBe(201);
    expect(logged.json().metric).toMatchObject({ templateId: pain.id, value: 6, source: "client" });
    const [row] = await valuesOf(portal.client.id);
    expect(row).toMatchObject({ source: "client", recordedByUserId: portal.user.id });

    const listed = await aBrowser().get(`/api/clients/${portal.client.id}/metrics`, { bearer: portal.token });
    expect(listed.status).toBe(200);
    expect(listed.json().metrics.map((m: { value: number }) => m.value)).toEqual([6]);
  });

  test("another client's id is a 404 and nothing is stored; the rest of the API stays staff-only", async () => {
    const { portal, pain, practice, user } = await aPortalClientWithPain();
    const neighbour = await aClient(practice.id, user.id);
    await trackMetric(testDb(), practice.id, user.id, neighbour.id, pain);
    const logged = await aBrowser().post(`/api/clients/${neighbour.id}/metrics`, { bearer: portal.token, json: { templateId: pain.id, value: 6 } });
    expect(logged.status).toBe(404);
    expect(await testDb().select().from(clientMetrics).where(and(eq(clientMetrics.practiceId, practice.id)))).toHaveLength(0);
    expect((await aBrowser().get(`/api/clients/${neighbour.id}/metrics`, { bearer: portal.token })).status).toBe(404);
    expect((await aBrowser().get(`/api/clients/${portal.client.id}`, { bearer: portal.token })).status).toBe(403);
  });

  test("a metric the client does not track is a 404, while staff may still log it for them", async () => {
    const { portal, weight, token } = await aPortalClientWithPain();
    const refused = await aBrowser().post(`/api/clients/${portal.client.id}/metrics`, { bearer: portal.token, json: { templateId: weight.id, value: 70 } });
    expect(refused.status).toBe(404);
    const staff = await aBrowser().post(`/api/clients/${portal.client.id}/metrics`, { bearer: token, json: { templateId: weight.id, value: 70 } });
    expect(staff.status).toBe(201);
    expect(staff.json().metric.source).toBe("practitioner");
  });
});

describe("the practitioner's view of client-logged values", () => {
  test("the client page's card tags the client's value \"by client\" and its chart marks that point", async () => {
    const { portal, pain, staff } = await aPortalClientWithPain();
    const anHourAgo = toLocalInput(new Date(Date.now() - 3_600_000), "Europe/London");
    await portal.browser.post("/portal/metrics", { form: { templateId: pain.id, value: "3", recordedAt: anHourAgo } });
    const page = await staff.get(`/clients/${portal.client.id}`);
    const card = `#metric-${pain.id}`;
    expect(text(page, `${card} .latest strong`)).toBe("3");
    expect(text(page, `${card} .latest .by-client`)).toBe("by client");

    // The practitioner's own later value: the latest carries no tag, and only the client's point is marked.
    await staff.post(`/clients/${portal.client.id}/metrics`, { form: { templateId: pain.id, value: "2" } });
    const after = await staff.get(`/clients/${portal.client.id}`);
    expect(text(after, `${card} .latest strong`)).toBe("2");
    expect(all(after, `${card} .latest .by-client`)).toHaveLength(0);
    const chart = chartOf(after, card).series[0];
    expect(chart.points.map((p: number[]) => p[1])).toEqual([3, 2]);
    expect(chart.byClient).toEqual([0]);
    expect(chart.byClientLabel).toBe("Pain level, logged by the client");
    expect(text(after, `${card} figcaption`)).toContain("Pain level: 1 value of 2 logged by the client (solid dots).");
  });

  test("the metric's own page tags the client's entries in its table", async () => {
    const { portal, pain, staff } = await aPortalClientWithPain();
    await portal.browser.post("/portal/metrics", { form: { templateId: pain.id, value: "3" } });
    await staff.post(`/clients/${portal.client.id}/metrics`, { form: { templateId: pain.id, value: "2" } });
    const page = await staff.get(`/clients/${portal.client.id}/metrics/${pain.id}`);
    expect([...all(page, "tbody tr[id^=entry-] .by-client")].map((e) => e.text.trim())).toEqual(["by client"]);
  });
});
