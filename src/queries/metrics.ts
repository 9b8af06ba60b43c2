import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clientMetricDays, clientMetrics, clientMetricTemplates, clients, metricTemplates, serviceMetricTemplates, type ClientMetric, type MetricType } from "../db/schema.js";

export type TemplateValues = {
  name: string; unit: string | null; type: MetricType; minValue: number | null; maxValue: number | null; step: number | null;
  better: "higher" | "lower" | null; description: string | null;
};

export async function listTemplates(db: Db, practiceId: string, options: { includeArchived?: boolean } = {}) {
  const conditions = [eq(metricTemplates.practiceId, practiceId)];
  if (!options.includeArchived) conditions.push(eq(metricTemplates.archived, false));
  return db.select().from(metricTemplates).where(and(...conditions)).orderBy(asc(metricTemplates.archived), asc(sql`lower(${metricTemplates.name})`));
}

export async function findTemplate(db: Db, practiceId: string, templateId: string) {
  const [row] = await db.select().from(metricTemplates).where(and(eq(metricTemplates.practiceId, practiceId), eq(metricTemplates.id, templateId)));
  return row ?? null;
}

export async function insertTemplate(db: Db, practiceId: string, values: TemplateValues) {
  const [row] = await db.insert(metricTemplates).values({ ...values, practiceId }).returning();
  return row!;
}

export async function updateTemplateRow(db: Db, practiceId: string, templateId: string, values: TemplateValues) {
  const [row] = await db.update(metricTemplates).set({ ...values, updatedAt: new Date() })
    .where(and(eq(metricTemplates.practiceId, practiceId), eq(metricTemplates.id, templateId))).returning();
  return row ?? null;
}

/** Values of a metric (any client) that new bounds would leave outside; null bounds are open. */
export async function countValuesOutside(db: Db, practiceId: string, templateId: string, min: number | null, max: number | null) {
  if (min === null && max === null) return 0;
  const outside = or(min === null ? undefined : lt(clientMetrics.valueNum, min), max === null ? undefined : gt(clientMetrics.valueNum, max));
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(clientMetrics)
    .where(and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.metricTemplateId, templateId), outside));
  return row?.n ?? 0;
}

export async function setTemplateArchived(db: Db, practiceId: string, templateId: string, archived: boolean) {
  const [row] = await db.update(metricTemplates).set({ archived, updatedAt: new Date() })
    .where(and(eq(metricTemplates.practiceId, practiceId), eq(metricTemplates.id, templateId))).returning();
  return row ?? null;
}

export async function assignTemplates(db: Db, practiceId: string, clientId: string, templateIds: string[]) {
  if (!templateIds.length) return;
  await db.insert(clientMetricTemplates).values(templateIds.map((metricTemplateId) => ({ practiceId, clientId, metricTemplateId }))).onConflictDoNothing();
}

/** The templates a client tracks, in the order they were assigned. */
export async function listClientTemplates(db: Db, practiceId: string, clientId: string) {
  return db.select({ template: metricTemplates }).from(clientMetricTemplates)
    .innerJoin(metricTemplates, and(eq(metricTemplates.practiceId, clientMetricTemplates.practiceId), eq(metricTemplates.id, clientMetricTemplates.metricTemplateId)))
    .where(and(eq(clientMetricTemplates.practiceId, practiceId), eq(clientMetricTemplates.clientId, clientId), eq(metricTemplates.archived, false)))
    .orderBy(asc(clientMetricTemplates.createdAt)).then((rows) => rows.map((r) => r.template));
}

/**
 * What the client page shows: the metrics the client tracks (in the order assigned), then any other
 * metric that has values for them — logged over the API, say — so no recorded value is out of sight.
 * One query; each EXISTS walks the (practice, client, metric, recorded_at) index to its first row. The outer
 * table is named in full: drizzle writes a lone table's columns unqualified, which a subquery would take as its own.
 * `checkIn` is null for a metric the client does not track, else whether it is in their scheduled check-in.
 */
export async function listTemplatesShownForClient(db: Db, practiceId: string, clientId: string) {
  const assignment = sql`from client_metric_templates a
    where a.practice_id = metric_templates.practice_id and a.client_id = ${clientId} and a.metric_template_id = metric_templates.id`;
  const assigned = sql`(select a.created_at ${assignment})`;
  return db.select({ ...getTableColumns(metricTemplates), checkIn: sql<boolean | null>`(select a.check_in ${assignment})` }).from(metricTemplates)
    .where(and(eq(metricTemplates.practiceId, practiceId), eq(metricTemplates.archived, false), sql`(${assigned} is not null or exists (
      select 1 from client_metrics m where m.practice_id = metric_templates.practice_id and m.client_id = ${clientId} and m.metric_template_id = metric_templates.id))`))
    .orderBy(sql`${assigned} nulls last`, asc(sql`lower(${metricTemplates.name})`));
}

/** Every service's metric templates at once, for the settings page: serviceId → template ids. */
export async function serviceTemplateIdsByService(db: Db, practiceId: string) {
  const rows = await db.select({ serviceId: serviceMetricTemplates.serviceId, id: serviceMetricTemplates.metricTemplateId }).from(serviceMetricTemplates)
    .where(eq(serviceMetricTemplates.practiceId, practiceId));
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.serviceId, [...(map.get(r.serviceId) ?? []), r.id]);
  return map;
}

export async function listServiceTemplateIds(db: Db, practiceId: string, serviceId: string) {
  const rows = await db.select({ id: serviceMetricTemplates.metricTemplateId }).from(serviceMetricTemplates)
    .where(and(eq(serviceMetricTemplates.practiceId, practiceId), eq(serviceMetricTemplates.serviceId, serviceId)));
  return rows.map((r) => r.id);
}

export async function setServiceTemplates(db: Db, practiceId: string, serviceId: string, templateIds: string[]) {
  await db.delete(serviceMetricTemplates).where(and(eq(serviceMetricTemplates.practiceId, practiceId), eq(serviceMetricTemplates.serviceId, serviceId)));
  if (templateIds.length) await db.insert(serviceMetricTemplates).values(templateIds.map((metricTemplateId) => ({ practiceId, serviceId, metricTemplateId })));
}

export async function insertMetric(db: Db, practiceId: string, values: {
  clientId: string; metricTemplateId: string; valueNum: number | null; valueText: string | null; recordedAt: Date; recordedByUserId: string | null; source: "practitioner" | "client";
}) {
  const [row] = await db.insert(clientMetrics).values({ ...values, practiceId }).returning();
  if (row!.valueNum !== null) await addToDay(db, practiceId, row!.clientId, row!.metricTemplateId, row!.recordedAt, row!.valueNum);
  return row!;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** One new value: an atomic upsert, so simultaneous inserts on one day add up instead of overwriting. */
async function addToDay(db: Db, practiceId: string, clientId: string, templateId: string, at: Date, value: number) {
  await db.insert(clientMetricDays).values({ practiceId, clientId, metricTemplateId: templateId, day: utcDay(at), n: 1, sum: value, min: value, max: value })
    .onConflictDoUpdate({
      target: [clientMetricDays.practiceId, clientMetricDays.clientId, clientMetricDays.metricTemplateId, clientMetricDays.day],
      set: {
        n: sql`${clientMetricDays.n} + 1`, sum: sql`${clientMetricDays.sum} + excluded.sum`,
        min: sql`least(${clientMetricDays.min}, excluded.min)`, max: sql`greatest(${clientMetricDays.max}, excluded.max)`,
      },
    });
}

/**
 * Recomputes days from the raw values (after an edit or delete, where min and max cannot be undone
 * incrementally, and after bulk loads). `days` null means every day of the series.
 */
export async function rebuildMetricDays(db: Db, practiceId: string, clientId: string, templateId: string, days: string[] | null) {
  const series = and(eq(clientMetricDays.practiceId, practiceId), eq(clientMetricDays.clientId, clientId), eq(clientMetricDays.metricTemplateId, templateId));
  await db.delete(clientMetricDays).where(days ? and(series, inArray(clientMetricDays.day, days)) : series);
  const dayOf = sql`(${clientMetrics.recordedAt} at time zone 'UTC')::date`;
  const raw = and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.clientId, clientId), eq(clientMetrics.metricTemplateId, templateId), sql`${clientMetrics.valueNum} is not null`);
  await db.insert(clientMetricDays).select(
    db.select({
      practiceId: clientMetrics.practiceId, clientId: clientMetrics.clientId, metricTemplateId: clientMetrics.metricTemplateId,
      day: sql<string>`${dayOf}`.as("day"), n: sql<number>`count(*)::int`.as("n"), sum: sql<number>`sum(${clientMetrics.valueNum})::float8`.as("sum"),
      min: sql<number>`min(${clientMetrics.valueNum})::float8`.as("min"), max: sql<number>`max(${clientMetrics.valueNum})::float8`.as("max"),
    }).from(clientMetrics)
      .where(days ? and(raw, sql`${dayOf} in (${sql.join(days.map((d) => sql`${d}::date`), sql`, `)})`) : raw)
      .groupBy(clientMetrics.practiceId, clientMetrics.clientId, clientMetrics.metricTemplateId, dayOf),
  ).onConflictDoNothing();
}

export async function findMetric(db: Db, practiceId: string, clientId: string, metricId: string) {
  const [row] = await db.select().from(clientMetrics)
    .where(and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.clientId, clientId), eq(clientMetrics.id, metricId)));
  return row ?? null;
}

export async function updateMetricRow(db: Db, practiceId: string, metricId: string, values: { valueNum: number | null; valueText: string | null; recordedAt: Date }) {
  const [before] = await db.select().from(clientMetrics).where(and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.id, metricId))).for("update");
  const [row] = await db.update(clientMetrics).set(values).where(and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.id, metricId))).returning();
  if (before && row) await rebuildMetricDays(db, practiceId, row.clientId, row.metricTemplateId, [...new Set([utcDay(before.recordedAt), utcDay(row.recordedAt)])]);
  return row ?? null;
}

export async function deleteMetricRow(db: Db, practiceId: string, metricId: string) {
  const [row] = await db.delete(clientMetrics).where(and(eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.id, metricId))).returning();
  if (row) await rebuildMetricDays(db, practiceId, row.clientId, row.metricTemplateId, [utcDay(row.recordedAt)]);
}

export async function listMetrics(db: Db, practiceId: string, clientId: string, filter: { templateId?: string; from?: Date; to?: Date; limit?: number }) {
  const conditions = [eq(clientMetrics.practiceId, practiceId), eq(clientMetrics.clientId, clientId)];
  if (filter.templateId) conditions.push(eq(clientMetrics.metricTemplateId, filter.templateId));
  if (filter.from) conditions.push(gte(clientMetrics.recordedAt, filter.from));
  if (filter.to) conditions.push(lte(clientMetrics.recordedAt, filter.to));
  return db.select().from(clientMetrics).where(and(...conditions)).orderBy(desc(clientMetrics.recordedAt)).limit(filter.limit ?? 1000);
}

/** `byClient`: a single entry (not a bucket) the client logged themselves, which charts mark apart. */
export type ChartPoint = { t: number; v: number; min: number; max: number; n: number; byClient?: boolean };
export type ChartSeries = { points: ChartPoint[]; total: number; downsampled: boolean; bucketSeconds: number };

/**
 * Numeric series of one client for charts, at most `maxPoints` points each, in three queries however
 * many metrics the client tracks (the client page shows them all). A series with that few entries in
 * the range comes back as it is; otherwise the daily roll-up answers (a year = 365 rows, whatever was
 * logged), grouped further into wider buckets only when the range spans more than `maxPoints` days.
 */
export async function chartSeriesByTemplate(db: Db, practiceId: string, clientId: string, templateIds: string[], from: Date, to: Date,
  maxPoints = 1000, healed = false): Promise<Map<string, ChartSeries>> {
  const result = new Map<string, ChartSeries>();
  if (!templateIds.length) return result;
  const daysOf = (ids: string[]) => and(eq(clientMetricDays.practiceId, practiceId), eq(clientMetricDays.clientId, clientId),
    inArray(clientMetricDays.metricTemplateId, ids), gte(clientMetricDays.day, utcDay(from)), lte(clientMetricDays.day, utcDay(to)));
  const totals = await db.select({ templateId: clientMetricDays.metricTemplateId, total: sql<number>`sum(${clientMetricDays.n})::int` })
    .from(clientMetricDays).where(daysOf(templateIds)).groupBy(clientMetricDays.metricTemplateId);
  const totalOf = new Map(totals.map((r) => [r.templateId, Number(r.total)]));
  const few = templateIds.filter((id) => (totalOf.get(id) ?? 0) <= maxPoints);
  const many = templateIds.filter((id) => (totalOf.get(id) ?? 0) > maxPoints);

  const spanDays = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 86_400_000) + 1);
  const widthDays = Math.max(1, Math.ceil(spanDays / maxPoints));
  // Inlined integers: GROUP BY must see the very same expression as SELECT.
  const [origin, width] = [sql.raw(`'${utcDay(from)}'::date`), sql.raw(String(widthDays))];
  const bucket = sql`((${clientMetricDays.day} - ${origin}) / ${width})`;
  // LATERAL, one index range per metric: with `metric_template_id IN (…)` PostgreSQL 15 walks the whole
  // client's index range instead, filtering out a heavy series it does not want (23 ms for 550 rows).
  const entries = db.select({
    t: sql<number>`extract(epoch from ${clientMetrics.recordedAt})::float8`.as("t"), v: sql<number>`${clientMetrics.valueNum}::float8`.as("v"),
    byClient: sql<boolean>`${clientMetrics.source} = 'client'`.as("by_client"),
  }).from(clientMetrics)
    .where(and(eq(clientMetrics.practiceId, metricTemplates.practiceId), eq(clientMetrics.clientId, clientId), eq(clientMetrics.metricTemplateId, metricTemplates.id),
      gte(clientMetrics.recordedAt, from), lte(clientMetrics.recordedAt, to), sql`${clientMetrics.valueNum} is not null`))
    .orderBy(asc(clientMetrics.recordedAt)).limit(maxPoints + 1).as("entries");
  const [raw, buckets] = await Promise.all([
    few.length ? db.select({ templateId: metricTemplates.id, t: entries.t, v: entries.v, byClient: entries.byClient }).from(metricTemplates).crossJoinLateral(entries)
      .where(and(eq(metricTemplates.practiceId, practiceId), inArray(metricTemplates.id, few)))
      .orderBy(metricTemplates.id, entries.t) : [],
    many.length ? db.select({
      templateId: clientMetricDays.metricTemplateId,
      t: sql<number>`extract(epoch from (${origin} + (${bucket}) * ${width})::timestamp at time zone 'UTC')::float8 + ${width} * 43200`,
      v: sql<number>`(sum(${clientMetricDays.sum}) / sum(${clientMetricDays.n}))::float8`,
      min: sql<number>`min(${clientMetricDays.min})::float8`, max: sql<number>`max(${clientMetricDays.max})::float8`,
      n: sql<number>`sum(${clientMetricDays.n})::int`,
    }).from(clientMetricDays).where(daysOf(many)).groupBy(clientMetricDays.metricTemplateId, bucket).orderBy(clientMetricDays.metricTemplateId, bucket) : [],
  ]);

  for (const id of few) result.set(id, { points: [], total: 0, downsampled: false, bucketSeconds: 0 });
  for (const r of raw) result.get(r.templateId)!.points.push({ t: Number(r.t), v: Number(r.v), min: Number(r.v), max: Number(r.v), n: 1, byClient: r.byClient === true });
  // More entries than the roll-up counted: values were loaded around it (a raw import). Rebuild once.
  const stale = few.filter((id) => result.get(id)!.points.length > (totalOf.get(id) ?? 0));
  if (stale.length && !healed) {
    for (const id of stale) await rebuildMetricDays(db, practiceId, clientId, id, null);
    return chartSeriesByTemplate(db, practiceId, clientId, templateIds, from, to, maxPoints, true);
  }
  for (const id of few) {
    const series = result.get(id)!;
    series.points = series.points.slice(0, maxPoints);
    series.total = series.points.length;
  }
  for (const id of many) result.set(id, { points: [], total: totalOf.get(id)!, downsampled: true, bucketSeconds: widthDays * 86_400 });
  for (const r of buckets) result.get(r.templateId)!.points.push({ t: Number(r.t), v: Number(r.v), min: Number(r.min), max: Number(r.max), n: Number(r.n) });
  return result;
}

/** The newest entries of each of a client's metrics, `perMetric` at most each, in one query. */
export async function latestMetricsByTemplate(db: Db, practiceId: string, clientId: string, templateIds: string[], perMetric: number) {
  const byTemplate = new Map<string, ClientMetric[]>(templateIds.map((id) => [id, []]));
  if (!templateIds.length) return byTemplate;
  // A LATERAL join walks the (client, metric, recorded_at) index backwards once per metric: a window
  // over all values would read every one of a heavy client's 200,000 rows.
  const latest = db.select().from(clientMetrics)
    .where(and(eq(clientMetrics.practiceId, metricTemplates.practiceId), eq(clientMetrics.clientId, clientId), eq(clientMetrics.metricTemplateId, metricTemplates.id)))
    .orderBy(desc(clientMetrics.recordedAt)).limit(perMetric).as("latest");
  const rows = await db.select().from(metricTemplates).crossJoinLateral(latest)
    .where(and(eq(metricTemplates.practiceId, practiceId), inArray(metricTemplates.id, templateIds)))
    .orderBy(latest.metricTemplateId, desc(latest.recordedAt));
  for (const { latest: metric } of rows) byTemplate.get(metric.metricTemplateId)!.push(metric);
  return byTemplate;
}

/**
 * For one metric: each client's average in the first and in the last week of the window. Read from the
 * daily roll-up (a row per client and day), not the raw values: a practice with a million entries would
 * otherwise aggregate them all on every view. Weeks are whole UTC days, which is all a trend needs.
 */
export async function progressOverview(db: Db, practiceId: string, templateId: string, from: Date, to: Date) {
  const [firstDay, lastDay] = [utcDay(from), utcDay(to)];
  const firstWeekEnd = utcDay(new Date(from.getTime() + 7 * 86_400_000));
  const lastWeekStart = utcDay(new Date(to.getTime() - 6 * 86_400_000));
  const averageWhere = (condition: ReturnType<typeof sql>) =>
    sql<number | null>`(sum(${clientMetricDays.sum}) filter (where ${condition}) / sum(${clientMetricDays.n}) filter (where ${condition}))::float8`;
  return db.select({
    clientId: clientMetricDays.clientId, firstName: clients.firstName, lastName: clients.lastName,
    first: averageWhere(sql`${clientMetricDays.day} < ${firstWeekEnd}::date`),
    last: averageWhere(sql`${clientMetricDays.day} >= ${lastWeekStart}::date`),
    entries: sql<number>`sum(${clientMetricDays.n})::int`,
  }).from(clientMetricDays)
    .innerJoin(clients, and(eq(clients.practiceId, clientMetricDays.practiceId), eq(clients.id, clientMetricDays.clientId)))
    .where(and(eq(clientMetricDays.practiceId, practiceId), eq(clientMetricDays.metricTemplateId, templateId),
      gte(clientMetricDays.day, firstDay), lte(clientMetricDays.day, lastDay)))
    .groupBy(clientMetricDays.clientId, clients.firstName, clients.lastName);
}

/** Many values at once (imports, demo data), in chunks that stay well under the parameter limit. */
export async function insertMetricsBulk(db: Db, practiceId: string, rows: Array<Parameters<typeof insertMetric>[2]>) {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(clientMetrics).values(rows.slice(i, i + 500).map((r) => ({ ...r, practiceId })));
  }
  const series = new Set(rows.map((r) => `${r.clientId}|${r.metricTemplateId}`));
  for (const key of series) {
    const [clientId, templateId] = key.split("|") as [string, string];
    await rebuildMetricDays(db, practiceId, clientId, templateId, null);
  }
}

/** The first day any of these series has a value: where an "all time" chart should start. */
export async function firstMetricDay(db: Db, practiceId: string, clientId: string, templateIds: string[]) {
  if (!templateIds.length) return null;
  const [row] = await db.select({ day: sql<string | null>`min(${clientMetricDays.day})::text` }).from(clientMetricDays)
    .where(and(eq(clientMetricDays.practiceId, practiceId), eq(clientMetricDays.clientId, clientId), inArray(clientMetricDays.metricTemplateId, templateIds)));
  return row?.day ? new Date(`${row.day}T00:00:00Z`) : null;
}
