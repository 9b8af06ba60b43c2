// One metric of one client over a chosen range, with its latest entries and an optional second metric
// overlaid: the range in the URL is read here, in the practice's zone, so the page and a bookmark agree.
import type { Db } from "../db/client.js";
import type { Client, ClientMetric, MetricTemplate, Practice } from "../db/schema.js";
import { templateOr404 } from "../domain/metrics.js";
import { isUuid } from "../lib/ids.js";
import { addDays, isRealDate, localParts, zonedInstant } from "../lib/time.js";
import { chartSeriesByTemplate, firstMetricDay, listClientTemplates, listMetrics, type ChartSeries } from "../queries/metrics.js";

const DAY_MS = 86_400_000;
const ranges: Record<string, number | null> = { "4w": 28, "3m": 91, "1y": 365, all: null };

export type MetricRangeQuery = { range?: string; from?: string; to?: string; with?: string };

export type ClientMetricPage = {
  client: Client; template: MetricTemplate; series: Array<{ template: MetricTemplate; series: ChartSeries }>; entries: ClientMetric[];
  range: string; from: string; to: string; others: MetricTemplate[]; withId: string;
};

/** The instants a range covers: a named range ends now; a custom one covers whole local days. */
async function rangeBounds(db: Db, practice: Practice, clientId: string, templateIds: string[], query: MetricRangeQuery, now: Date) {
  const range = query.range ?? "3m";
  const custom = range === "custom" && isRealDate(query.from ?? "") && isRealDate(query.to ?? "") && query.from! <= query.to!;
  if (custom) {
    return { range: "custom", from: zonedInstant(query.from!, "00:00", practice.timezone), to: zonedInstant(addDays(query.to!, 1), "00:00", practice.timezone) };
  }
  const known = Object.hasOwn(ranges, range) ? range : "3m";
  // "all" maps to null (no start), so look the key up rather than using ?? on the value.
  const days = ranges[known]!;
  if (days !== null) return { range: known, from: new Date(now.getTime() - days * DAY_MS), to: now };
  // "All" starts at the first recorded day, so its buckets are as fine as the data allows.
  const firstDay = await firstMetricDay(db, practice.id, clientId, templateIds);
  return { range: known, from: firstDay ?? new Date(now.getTime() - 91 * DAY_MS), to: now };
}

export async function loadClientMetricPage(db: Db, practice: Practice, client: Client, template: MetricTemplate, query: MetricRangeQuery, now = new Date()): Promise<ClientMetricPage> {
  const other = isUuid(query.with) && query.with !== template.id ? await templateOr404(db, practice.id, query.with) : null;
  const { range, from, to } = await rangeBounds(db, practice, client.id, [template.id, ...(other ? [other.id] : [])], query, now);
  const numeric = [template, other].filter((t): t is MetricTemplate => !!t && t.type !== "text");
  const [series, entries, choices] = await Promise.all([
    chartSeriesByTemplate(db, practice.id, client.id, numeric.map((t) => t.id), from, to)
      .then((byId) => numeric.map((t) => ({ template: t, series: byId.get(t.id)! }))),
    listMetrics(db, practice.id, client.id, { templateId: template.id, from, to, limit: 60 }),
    listClientTemplates(db, practice.id, client.id),
  ]);
  // The date fields show the days the chart really covers, whichever range chose them.
  const day = (instant: Date) => localParts(instant, practice.timezone).date;
  return {
    client, template, series, entries, range,
    from: day(from), to: day(new Date(to.getTime() - 1)),
    others: choices.filter((t) => t.id !== template.id && t.type !== "text"), withId: other?.id ?? "",
  };
}
