// The metric charts and cards as a browser gets them: bytes as sent, the points of each chart series (counted from
// its data-chart JSON), and the ranges checked against what the database holds.
import { parse } from "node-html-parser";
import { CHART_MAX_POINTS } from "./budgets.js";
import type { Credentials } from "./credentials.js";
import { log } from "./log.js";
import { decodedBody, rawGet, rawRequest } from "./page-weight.js";
import type { ChartInfo, MetricResponse, Measuring } from "./results.js";
import { chartUrl, htmx, logBody, metricRoutePaths } from "./routes.js";
import type { MetricFixtures } from "./seed/fixtures.js";
import { DAILY_DAYS } from "./seed/metric-plan.js";


/** When a metric route was measured: every response answering 200, compressed, its charts captioned as they are. */
export async function measureMetricResponses(bench: Measuring) {
  const { base, creds, results } = bench;
  const metricFx = bench.fixtures.metrics;
  if (metricFx && bench.measured.some((m) => metricRoutePaths.includes(m.route.path))) {
    log("metric charts and cards");
    results.metricResponses = await weighMetricResponses(base, creds, metricFx);
    for (const x of results.metricResponses) checkMetricResponse(x, results.failures);
    checkChartRanges(results.metricResponses, metricFx, results.failures);
  }
}

function checkMetricResponse(x: MetricResponse, failures: string[]) {
  const what = `${x.what} (${x.method} ${x.path})`;
  if (x.status !== 200) failures.push(`${what}: status ${x.status}`);
  if (x.bytes > 1024 && x.contentEncoding !== "gzip") failures.push(`${what}: ${x.bytes} bytes not compressed`);
  for (const c of x.charts) {
    if (c.problem) failures.push(`${what}: chart ${c.id}: ${c.problem}`);
    for (const sr of c.series) {
      if (sr.downsampled && !sr.captioned) failures.push(`${what}: ${sr.label} is down-sampled to ${sr.points} points but the caption does not say so ("${c.caption}")`);
    }
  }
  if (x.card) {
    const sr = x.charts[0]?.series[0];
    if (!x.card.alone) failures.push(`${what}: the answer is not the metric card alone`);
    if (!sr || sr.downsampled || sr.points !== x.card.expectPoints) {
      failures.push(`${what}: the card's chart shows ${sr ? `${sr.points}${sr.downsampled ? " down-sampled" : ""}` : "no"} points, not the ${x.card.expectPoints} daily ones (${DAILY_DAYS} seeded + the new one)`);
    }
  }
}

/** The ranges must show what they say: the entries behind the 1-year and the "all" chart against the database. */
function checkChartRanges(responses: MetricResponse[], metricFx: MetricFixtures, failures: string[]) {
  const seriesOf = (what: string) => responses.find((x) => x.what === what)?.charts[0]?.series[0];
  const year = seriesOf("chart page, 1 year");
  if (year && metricFx.heavy.pointsLastYear > CHART_MAX_POINTS && !year.downsampled) {
    failures.push(`chart page, 1 year: ${metricFx.heavy.pointsLastYear} entries in the year, yet the series is not down-sampled (${year.points} points)`);
  }
  // Within 1%: a minute or two have passed since the fixtures were counted, and a chart read from daily
  // roll-ups takes in the whole first day (~0.3% of a year).
  if (year && Math.abs((year.entries ?? year.points) - metricFx.heavy.pointsLastYear) > Math.max(5, metricFx.heavy.pointsLastYear * 0.01)) {
    failures.push(`chart page, 1 year: the chart stands for ${year.entries ?? year.points} entries, the database holds ${metricFx.heavy.pointsLastYear} in the year`);
  }
  const all = seriesOf("chart page, all");
  if (all && (all.entries ?? all.points) !== metricFx.heavy.points) {
    failures.push(`chart page, all: the chart stands for ${all.entries ?? all.points} entries, the series holds ${metricFx.heavy.points}`);
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The charts of a page or card: static/charts.js reads figure[data-chart]; the caption tells down-sampling apart. */
function chartsIn(html: string): ChartInfo[] {
  return parse(html).querySelectorAll("figure.chart").map((fig) => {
    const caption = fig.querySelector("figcaption")?.text.replace(/\s+/g, " ").trim() ?? "";
    const raw = fig.getAttribute("data-chart");
    if (!raw) return { id: fig.id, caption, series: [] };
    try {
      const data = JSON.parse(raw) as { series: { label: string; downsampled: boolean; points: unknown[] }[] };
      return {
        id: fig.id, caption,
        series: data.series.map((x) => {
          const said = new RegExp(`${escapeRegExp(x.label)}: ([\\d,]+) entries shown as ${x.points.length} averages`).exec(caption);
          return { label: x.label, points: x.points.length, downsampled: x.downsampled, entries: said ? Number(said[1]!.replace(/,/g, "")) : null, captioned: !!said };
        }),
      };
    } catch (error) {
      return { id: fig.id, caption, series: [], problem: `data-chart is not JSON: ${(error as Error).message}` };
    }
  });
}

/** The chart pages, the client pages' cards, the logging answer (on the daily client), the API and the overview as a browser gets them. */
async function weighMetricResponses(base: string, creds: Credentials, m: MetricFixtures): Promise<MetricResponse[]> {
  const out: MetricResponse[] = [];
  const weigh = async (what: string, path: string, options: { auth?: "cookie" | "bearer"; post?: string; count?: (body: string) => MetricResponse["rows"]; card?: number } = {}) => {
    const headers: Record<string, string> = options.auth === "bearer" ? { Authorization: `Bearer ${creds.token}` } : { Cookie: creds.cookie };
    const got = options.post === undefined
      ? await rawGet(base + path, headers)
      : await rawRequest(base + path, { method: "POST", body: options.post, headers: { ...headers, ...htmx, Origin: new URL(base).origin, "Content-Type": "application/x-www-form-urlencoded" } });
    const body = decodedBody(got);
    out.push({
      what, method: options.post === undefined ? "GET" : "POST", path, status: got.status, contentEncoding: got.contentEncoding, bytes: got.bytes, rawBytes: Buffer.byteLength(body),
      charts: got.contentType.startsWith("text/html") ? chartsIn(body) : [], rows: options.count?.(body),
      ...(options.card !== undefined ? { card: { alone: /^<article id="metric-[0-9a-f-]{36}" class="metric-card">[\s\S]*<\/article>$/.test(body.trim()), expectPoints: options.card } } : {}),
    });
  };
  const entryRows = (body: string) => ({ what: "entry rows", n: (body.match(/<tr id="entry-/g) ?? []).length });
  await weigh("chart page, 1 year", chartUrl(m, { range: "1y" }), { count: entryRows });
  await weigh("chart page, 1 year + Mood overlay", chartUrl(m, { range: "1y", with: m.overlayTemplateId }), { count: entryRows });
  await weigh("chart page, all", chartUrl(m, { range: "all" }), { count: entryRows });
  await weigh("chart page, 3 months", chartUrl(m, { range: "3m" }), { count: entryRows });
  const cards = (body: string) => ({ what: "metric cards", n: (body.match(/<article id="metric-/g) ?? []).length });
  await weigh("client page, heavy client", `/clients/${m.heavy.clientId}`, { count: cards });
  await weigh("client page, several templates", `/clients/${m.several.clientId}`, { count: cards });
  for (const t of m.daily.templates) {
    await weigh(`logging card, daily ${t.name}`, `/clients/${m.daily.clientId}/metrics`, { post: logBody(t.id, t.value), card: t.points + 1 });
  }
  await weigh("api client metrics, heavy client", `/api/clients/${m.heavy.clientId}/metrics?${new URLSearchParams({ templateId: m.painTemplateId })}`, {
    auth: "bearer", count: (body) => { try { return { what: "metrics", n: (JSON.parse(body) as { metrics: unknown[] }).metrics.length }; } catch { return { what: "metrics (not JSON)", n: 0 }; } },
  });
  await weigh("overview, Pain level, 8 weeks", `/metrics?${new URLSearchParams({ template: m.painTemplateId, weeks: "8" })}`, {
    count: (body) => ({ what: "clients compared", n: (body.match(/<tr class="(improved|declined|changed)">/g) ?? []).length }),
  });
  return out;
}
