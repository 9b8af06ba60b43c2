import { and, eq } from "drizzle-orm";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { auditLog, clientMetrics, metricTemplates } from "../src/db/schema.js";
import { createTemplate, starterTemplates } from "../src/domain/metrics.js";
import type { Db } from "../src/db/client.js";
import { chartSeriesByTemplate, insertMetricsBulk } from "../src/queries/metrics.js";

import { addAttendee } from "../src/domain/booking.js";
import { listClientTemplates, setServiceTemplates } from "../src/queries/metrics.js";
import { aClient, aPracticeWithStaff, aService, aSession } from "./factories.js";
import { aBrowser, all, testDb, text } from "./harness.js";
import { localParts } from "../src/lib/time.js";

/** One series, as the detail page asks for it. */
const chartSeries = async (db: Db, practiceId: string, clientId: string, templateId: string, from: Date, to: Date, maxPoints?: number) =>
  (await chartSeriesByTemplate(db, practiceId, clientId, [templateId], from, to, maxPoints)).get(templateId)!;

const painSpec = { name: "Pain level", unit: null, type: "slider" as const, minValue: 0, maxValue: 10, step: 1, better: "lower" as const, description: null };

async function aClientWithPain() {
  const owner = await aPracticeWithStaff();
  const client = await aClient(owner.practice.id, owner.user.id);
  const pain = await createTemplate(testDb(), owner.practice.id, owner.user.id, painSpec);
  await owner.staff.post(`/clients/${client.id}/metric-templates`, { form: { templateId: pain.id } });
  return { ...owner, client, pain };
}

describe("logging values", () => {
  test("a 0–10 slider refuses 11, -1, abc and nothing with 422 over the API, and takes 7 with 201", async () => {
    const { token, client, pain } = await aClientWithPain();
    for (const value of [11, -1, "abc", "", null]) {
      const reply = await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: pain.id, value } });
      expect(reply.status, String(value)).toBe(value === null ? 422 : 422);
      expect(reply.json().error.code).toBe("validation_failed");
    }
    const missing = await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: pain.id } });
    expect(missing.status).toBe(422);
    const ok = await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: pain.id, value: 7 } });
    expect(ok.status).toBe(201);
    expect(ok.json().metric).toMatchObject({ templateId: pain.id, value: 7, source: "practitioner" });
    const listed = (await aBrowser().get(`/api/clients/${client.id}/metrics?templateId=${pain.id}`, { bearer: token })).json();
    expect(listed.metrics.map((m: { value: number }) => m.value)).toEqual([7]);
  });

  test("the form refuses the same values with 422 in place, and logging swaps only the card with the new point", async () => {
    const { staff, client, pain } = await aClientWithPain();
    for (const value of ["11", "-1", "abc", ""]) {
      const reply = await staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: pain.id, value } });
      expect(reply.status, value).toBe(422);
      expect(text(reply, `#metric-${pain.id} .form-error`)).toMatch(/between 0 and 10|Enter a number/);
    }
    const ok = await staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: pain.id, value: "7" } });
    expect(ok.status).toBe(200);
    expect(ok.body.startsWith(`<article id="metric-${pain.id}"`)).toBe(true);
    const chart = JSON.parse(ok.doc().querySelector("figure[data-chart]")!.getAttribute("data-chart")!);
    expect(chart.series[0].points.map((p: number[]) => p[1])).toEqual([7]);
  });

  test("text metrics take text up to 2,000 characters", async () => {
    const { token, practice, user, client } = await aClientWithPain();
    const feel = await createTemplate(testDb(), practice.id, user.id, starterTemplates.find((s) => s.type === "text")!);
    expect((await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: feel.id, value: "Better today" } })).status).toBe(201);
    expect((await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: feel.id, value: "x".repeat(2000) } })).status).toBe(201);
    expect((await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: feel.id, value: "x".repeat(2001) } })).status).toBe(422);
    expect((await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: feel.id, value: 5 } })).status).toBe(422);
  });

  test("backdating reads the practice's zone and refuses the future", async () => {
    const { staff, client, pain } = await aClientWithPain();
    const past = await staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: pain.id, value: "3", recordedAt: "2026-03-29T09:00" } });
    expect(past.status).toBe(200);
    const [row] = await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, client.id));
    expect(row!.recordedAt.toISOString()).toBe("2026-03-29T08:00:00.000Z"); // 09:00 BST in Europe/London
    const future = await staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: pain.id, value: "3", recordedAt: "2099-01-01T09:00" } });
    expect(future.status).toBe(422);
  });

  test("a card with 90 days of daily points stays under 6 KB gzip", async () => {
    const { staff, practice, client, pain, user } = await aClientWithPain();
    const now = Date.now();
    await insertMetricsBulk(testDb(), practice.id, Array.from({ length: 90 }, (_, i) => ({
      clientId: client.id, metricTemplateId: pain.id, valueNum: (i * 7) % 11, valueText: null, recordedAt: new Date(now - (i + 1) * 86_400_000 + 3_600_000), recordedByUserId: user.id, source: "practitioner" as const,
    })));
    const card = await staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: pain.id, value: "4" } });
    expect(JSON.parse(card.doc().querySelector("figure[data-chart]")!.getAttribute("data-chart")!).series[0].points).toHaveLength(91);
    expect(gzipSync(card.body).length).toBeLessThanOrEqual(6 * 1024);
  });
});

describe("charts", () => {
  test("large series are averaged in SQL into at most 1,000 buckets, with min and max", async () => {
    const { practice, client, pain, user } = await aClientWithPain();
    const start = Date.UTC(2029, 0, 1);
    await insertMetricsBulk(testDb(), practice.id, Array.from({ length: 3000 }, (_, i) => ({
      clientId: client.id, metricTemplateId: pain.id, valueNum: i % 11, valueText: null, recordedAt: new Date(start + i * 3_600_000), recordedByUserId: user.id, source: "practitioner" as const,
    })));
    const series = await chartSeries(testDb(), practice.id, client.id, pain.id, new Date(start), new Date(start + 3000 * 3_600_000), 1000);
    expect(series.total).toBe(3000);
    expect(series.downsampled).toBe(true);
    expect(series.points.length).toBeLessThanOrEqual(1000);
    expect(series.points.reduce((n, p) => n + p.n, 0)).toBe(3000);
    expect(Math.min(...series.points.map((p) => p.min))).toBe(0);
    expect(Math.max(...series.points.map((p) => p.max))).toBe(10);
    const few = await chartSeries(testDb(), practice.id, client.id, pain.id, new Date(start), new Date(start + 10 * 3_600_000));
    expect(few).toMatchObject({ downsampled: false, total: 11 });
  });

  test("the client page draws every tracked metric at once: daily averages, as logged, and text, each from its own values", async () => {
    const { staff, practice, user, client, pain } = await aClientWithPain();
    const mood = await createTemplate(testDb(), practice.id, user.id, { ...painSpec, name: "Mood", minValue: 1, maxValue: 5, better: "higher" });
    const diary = await createTemplate(testDb(), practice.id, user.id, { ...painSpec, name: "Diary", type: "text", minValue: null, maxValue: null, step: null, better: null });
    for (const t of [mood, diary]) await staff.post(`/clients/${client.id}/metric-templates`, { form: { templateId: t.id } });
    const other = await aClient(practice.id, user.id);
    const now = Date.now();
    const entry = (clientId: string, metricTemplateId: string, minutesAgo: number, valueNum: number | null, valueText: string | null = null) =>
      ({ clientId, metricTemplateId, valueNum, valueText, recordedAt: new Date(now - minutesAgo * 60_000), recordedByUserId: user.id, source: "practitioner" as const });
    await insertMetricsBulk(testDb(), practice.id, [
      ...Array.from({ length: 300 }, (_, i) => entry(client.id, pain.id, 60 + i * 400, i % 11)), // every 400 minutes: 300 in 84 days
      ...[2, 3, 4].map((v, i) => entry(client.id, mood.id, 100 + i * 1440, v)),
      ...Array.from({ length: 12 }, (_, i) => entry(client.id, diary.id, 30 + i * 1440, null, `Day ${i + 1}`)),
      ...[1, 5].map((v, i) => entry(other.id, mood.id, 100 + i * 60, v)),
    ]);
    // A value written around the daily roll-up (a raw import): the card still shows it.
    await testDb().insert(clientMetrics).values({ ...entry(client.id, mood.id, 10, 5), practiceId: practice.id });

    const page = await staff.get(`/clients/${client.id}`);
    const doc = page.doc();
    const chartOf = (t: { id: string }) => JSON.parse(doc.querySelector(`#metric-${t.id} figure[data-chart]`)!.getAttribute("data-chart")!).series[0];
    const painSeries = chartOf(pain);
    expect(painSeries.points.length).toBeLessThanOrEqual(91);
    expect(doc.querySelector(`#metric-${pain.id} figcaption`)!.text).toMatch(/300 entries shown as \d+ averages/); // a card draws daily averages past 200
    expect(chartOf(mood).points).toHaveLength(4);
    expect(doc.querySelector(`#metric-${mood.id} .latest strong`)!.text).toBe("5");
    const { clientMetricDays } = await import("../src/db/schema.js");
    const moodDays = await testDb().select().from(clientMetricDays).where(and(eq(clientMetricDays.clientId, client.id), eq(clientMetricDays.metricTemplateId, mood.id)));
    expect(moodDays.reduce((n, d) => n + d.n, 0)).toBe(4); // the roll-up was rebuilt to count it
    const diaryLines = all(page, `#metric-${diary.id} .timeline li`).map((li) => li.text.trim().split(" ").slice(-2).join(" "));
    expect(diaryLines).toEqual(Array.from({ length: 10 }, (_, i) => `Day ${i + 1}`));
  });

  test("the detail page says when it is down-sampled and offers a table and the ranges", async () => {
    const { staff, practice, client, pain, user } = await aClientWithPain();
    const now = Date.now();
    await insertMetricsBulk(testDb(), practice.id, Array.from({ length: 1500 }, (_, i) => ({
      clientId: client.id, metricTemplateId: pain.id, valueNum: i % 11, valueText: null, recordedAt: new Date(now - (i + 1) * 3_600_000), recordedByUserId: user.id, source: "practitioner" as const,
    })));
    const page = await staff.get(`/clients/${client.id}/metrics/${pain.id}?range=1y`);
    expect(text(page, "figure figcaption")).toContain("1,500 entries shown as");
    expect(page.doc().querySelector("details.chart-table table")).not.toBeNull();
    expect(all(page, "nav.ranges a").map((a) => a.text)).toEqual(["4 weeks", "3 months", "1 year", "All"]);
    expect(page.doc().querySelectorAll('script[src*="uplot"]').length).toBe(1);
    expect((await staff.get("/settings")).doc().querySelectorAll('script[src*="uplot"]').length).toBe(0);
  });

  test("choosing an overlay keeps the chosen range, and the date fields show the days the chart covers", async () => {
    const { staff, practice, client, pain, user } = await aClientWithPain();
    const mood = await createTemplate(testDb(), practice.id, user.id, starterTemplates.find((s) => s.name === "Mood")!);
    await staff.post(`/clients/${client.id}/metric-templates`, { form: { templateId: mood.id } });
    const firstDay = new Date(Date.now() - 400 * 86_400_000);
    await insertMetricsBulk(testDb(), practice.id, [{ clientId: client.id, metricTemplateId: pain.id, valueNum: 6, valueText: null, recordedAt: firstDay,
      recordedByUserId: user.id, source: "practitioner" as const }]);
    const allRange = await staff.get(`/clients/${client.id}/metrics/${pain.id}?range=all`);
    expect(allRange.doc().querySelector("#from")!.getAttribute("value")).toBe(localParts(firstDay, "Europe/London").date);
    const overlay = allRange.doc().querySelector("#with")!.closest("form")!;
    expect(overlay.querySelector('input[name="range"]')!.getAttribute("value")).toBe("all");
    const overlaid = await staff.get(`/clients/${client.id}/metrics/${pain.id}?range=all&with=${mood.id}`);
    expect(overlaid.doc().querySelector("nav.ranges a[aria-current]")!.text).toBe("All");
    expect(overlaid.doc().querySelector("#from")!.getAttribute("value")).toBe(localParts(firstDay, "Europe/London").date);
  });

  test("a metric logged over the API that the client does not track still shows on their page", async () => {
    const { staff, token, practice, client, user } = await aClientWithPain();
    const sleep = await createTemplate(testDb(), practice.id, user.id, starterTemplates.find((s) => s.name === "Sleep")!);
    expect((await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: sleep.id, value: 7.5 } })).status).toBe(201);
    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, `#metric-${sleep.id} .latest strong`)).toBe("7.5");
    expect(all(page, "#metrics option").map((o) => o.text)).not.toContain("Sleep");
  });

  test("an empty metric says there is no data yet", async () => {
    const { staff, client, pain } = await aClientWithPain();
    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, `#metric-${pain.id} figure .empty`)).toBe("No data yet in this range.");
  });
});

describe("editing a metric", () => {
  test("renaming and new bounds are saved and audited; bounds that would leave values outside are refused with the count", async () => {
    const { staff, token, client, pain } = await aClientWithPain();
    for (const value of [2, 7, 9]) await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: pain.id, value } });
    const narrow = await staff.post(`/metrics/templates/${pain.id}`, { form: { name: "Pain", minValue: "0", maxValue: "5", step: "1", type: "number" } });
    expect(narrow.status).toBe(422);
    expect(text(narrow, "#maxValue-error")).toBe("2 values are already recorded outside these bounds: widen them, or correct those entries first.");
    expect(narrow.doc().querySelector('#template-edit-form input[name="type"]')!.getAttribute("value")).toBe("slider");
    const ok = await staff.post(`/metrics/templates/${pain.id}`, { form: { name: "Pain (0–10)", minValue: "0", maxValue: "10", step: "0.5", better: "lower" } });
    expect(ok.status).toBe(303);
    const [row] = await testDb().select().from(metricTemplates).where(eq(metricTemplates.id, pain.id));
    expect(row).toMatchObject({ name: "Pain (0–10)", step: 0.5, type: "slider" });
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.entityId, pain.id), eq(auditLog.action, "update")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.diff).toMatchObject({ name: [painSpec.name, "Pain (0–10)"] });
  });
});

describe("templates", () => {
  test("a name is unique per practice whatever its case; sliders need bounds", async () => {
    const { staff, token } = await aClientWithPain();
    const dup = await aBrowser().post("/api/metric-templates", { bearer: token, json: { ...painSpec, name: "PAIN LEVEL" } });
    expect(dup.status).toBe(409);
    const noBounds = await staff.post("/metrics/templates", { form: { name: "Energy", type: "slider" } });
    expect(noBounds.status).toBe(422);
    expect(text(noBounds, "#minValue-error")).toBe("A slider needs a minimum and a maximum.");
    const created = await aBrowser().post("/api/metric-templates", { bearer: token, json: { name: "Energy", type: "slider", minValue: 1, maxValue: 5 } });
    expect(created.status).toBe(201);
    const list = (await aBrowser().get("/api/metric-templates", { bearer: token })).json();
    expect(list.metricTemplates.map((t: { name: string }) => t.name)).toEqual(["Energy", "Pain level"]);
  });

  test("the library adds a starter with one click, once", async () => {
    const { staff } = await aPracticeWithStaff();
    await staff.post("/metrics/templates/starters", { form: { name: "Mood" } });
    const page = await staff.get("/metrics");
    expect(all(page, "table.list tbody tr td:first-child").map((td) => td.childNodes[0]!.text)).toContain("Mood");
    expect(all(page, ".starters button").map((b) => b.text)).not.toContain("+ Mood");
  });

  test("a service's metrics are assigned when a client is first booked into it", async () => {
    const { practice, user, pain } = await aClientWithPain();
    const service = await aService(practice.id);
    await setServiceTemplates(testDb(), practice.id, service.id, [pain.id]);
    const fresh = await aClient(practice.id, user.id);
    await addAttendee(testDb(), practice, user.id, (await aSession(practice, user.id, { serviceId: service.id })).id, fresh.id);
    expect((await listClientTemplates(testDb(), practice.id, fresh.id)).map((t) => t.id)).toEqual([pain.id]);
  });
});

describe("corrections and the overview", () => {
  test("editing and deleting an entry are audited with the old value", async () => {
    const { staff, client, pain, practice } = await aClientWithPain();
    await staff.post(`/clients/${client.id}/metrics`, { form: { templateId: pain.id, value: "8" } });
    const [row] = await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, client.id));
    await staff.post(`/clients/${client.id}/metrics/${pain.id}/entries/${row!.id}`, { form: { value: "3" } });
    await staff.post(`/clients/${client.id}/metrics/${pain.id}/entries/${row!.id}/delete`, { form: {} });
    expect(await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, client.id))).toHaveLength(0);
    const audits = await testDb().select().from(auditLog).where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.entity, "client_metric")));
    expect(audits.map((a) => a.action).sort()).toEqual(["delete", "update"]);
    expect(audits.find((a) => a.action === "update")!.diff).toMatchObject({ value: [8, 3] });
  });

  test("the overview ranks clients by change, for a metric where lower is better", async () => {
    const { staff, practice, user, pain } = await aClientWithPain();
    const better = await aClient(practice.id, user.id, { firstName: "Better" });
    const worse = await aClient(practice.id, user.id, { firstName: "Worse" });
    const now = Date.now();
    const at = (days: number) => new Date(now - days * 86_400_000);
    await insertMetricsBulk(testDb(), practice.id, [
      { clientId: better.id, metricTemplateId: pain.id, valueNum: 8, valueText: null, recordedAt: at(27), recordedByUserId: user.id, source: "practitioner" },
      { clientId: better.id, metricTemplateId: pain.id, valueNum: 9, valueText: null, recordedAt: at(26), recordedByUserId: user.id, source: "practitioner" },
      { clientId: better.id, metricTemplateId: pain.id, valueNum: 0, valueText: null, recordedAt: at(14), recordedByUserId: user.id, source: "practitioner" },
      { clientId: better.id, metricTemplateId: pain.id, valueNum: 3, valueText: null, recordedAt: at(1), recordedByUserId: user.id, source: "practitioner" },
      { clientId: worse.id, metricTemplateId: pain.id, valueNum: 2, valueText: null, recordedAt: at(27), recordedByUserId: user.id, source: "practitioner" },
      { clientId: worse.id, metricTemplateId: pain.id, valueNum: 6, valueText: null, recordedAt: at(1), recordedByUserId: user.id, source: "practitioner" },
    ]);
    const page = await staff.get(`/metrics?template=${pain.id}&weeks=4`);
    const rows = all(page, "#overview-heading ~ table tbody tr");
    expect(rows.map((r) => r.querySelector("a")!.text.split(" ")[0])).toEqual(["Better", "Worse"]);
    expect(rows.map((r) => r.querySelector(".badge")!.text)).toEqual(["improved", "declined"]);
    // First week 8 and 9, last week 3; the middle value counts for neither.
    expect(rows.map((r) => [...r.querySelectorAll("td")].slice(1, 3).map((td) => td.text))).toEqual([["8.5", "3.0"], ["2.0", "6.0"]]);
  });
});

test("the daily roll-up matches the raw values after simultaneous logs, a correction and a deletion", async () => {
  const { practice, user, client, pain } = await aClientWithPain();
  const { logMetric, correctMetric, removeMetric } = await import("../src/domain/metrics.js");
  const at = "2025-05-05T10:00:00Z";
  const logged = await Promise.all(Array.from({ length: 20 }, (_, i) => logMetric(testDb(), practice, user.id, client.id, pain, i % 11, at).catch(() => null)));
  expect(logged.filter(Boolean)).toHaveLength(20);
  await correctMetric(testDb(), practice, user.id, client.id, logged[0]!.id, pain, 10, "2025-05-06T10:00:00Z");
  await removeMetric(testDb(), practice.id, user.id, client.id, logged[1]!.id);
  const { clientMetricDays } = await import("../src/db/schema.js");
  const days = await testDb().select().from(clientMetricDays).where(eq(clientMetricDays.clientId, client.id));
  const raw = await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, client.id));
  for (const day of ["2025-05-05", "2025-05-06"]) {
    const values = raw.filter((r) => r.recordedAt.toISOString().startsWith(day)).map((r) => r.valueNum!);
    const row = days.find((d) => d.day === day)!;
    expect(row, day).toMatchObject({ n: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values) });
  }
});

test("the 'all' range reaches back to the first entry", async () => {
  const { staff, practice, client, pain, user } = await aClientWithPain();
  const old = new Date(Date.now() - 800 * 86_400_000);
  await insertMetricsBulk(testDb(), practice.id, Array.from({ length: 1200 }, (_, i) => ({
    clientId: client.id, metricTemplateId: pain.id, valueNum: i % 11, valueText: null, recordedAt: new Date(old.getTime() + i * 3_600_000), recordedByUserId: user.id, source: "practitioner" as const,
  })));
  const all = await staff.get(`/clients/${client.id}/metrics/${pain.id}?range=all`);
  expect(text(all, "figure figcaption")).toContain("1,200 entries");
  // Daily buckets from the first day: 50 days of hourly values, not a handful of 21-day averages from 1970.
  const points = JSON.parse(all.doc().querySelector("figure[data-chart]")!.getAttribute("data-chart")!).series[0].points;
  expect(points.length).toBeGreaterThanOrEqual(50);
  const threeMonths = await staff.get(`/clients/${client.id}/metrics/${pain.id}?range=3m`);
  expect(text(threeMonths, "figure .empty")).toBe("No data yet in this range.");
});
