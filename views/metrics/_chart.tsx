import type { MetricTemplate } from "../../src/db/schema.js";
import type { ChartSeries } from "../../src/queries/metrics.js";
import { formatDateTime, plural } from "../../src/lib/time.js";

export type NamedSeries = { template: MetricTemplate; series: ChartSeries };

const round = (n: number) => Math.round(n * 100) / 100;

/** How many of a series' single entries the client logged themselves (averages mix both, so they count none). */
const clientLogged = (s: ChartSeries) => (s.downsampled ? 0 : s.points.filter((p) => p.byClient).length);

/**
 * A chart as data: static/charts.js mounts uPlot on every figure[data-chart] (no inline script under
 * our CSP). Points are [unix seconds, average, min, max]. The table under it shows the same numbers.
 * `byClient` lists the indexes of the points the client logged, drawn as solid dots and named in the
 * legend as `byClientLabel`; the caption says it in words. `byClientWords` is who that is ("by you" in the portal).
 */
export const ChartFigure = ({ id, series, timezone, caption, table = true, byClientWords = "by the client" }: {
  id: string; series: NamedSeries[]; timezone: string; caption?: string; table?: boolean; byClientWords?: string;
}) => {
  const data = {
    timezone,
    series: series.map(({ template, series: s }) => ({
      // A slider's whole scale is meaningful (pain 0–10); a number's bounds are only guards (weight 20–400).
      label: template.name, unit: template.unit ?? "", min: template.type === "slider" ? template.minValue : null, max: template.type === "slider" ? template.maxValue : null,
      downsampled: s.downsampled,
      points: s.points.map((p) => (s.downsampled ? [Math.round(p.t), round(p.v), round(p.min), round(p.max)] : [Math.round(p.t), round(p.v)])),
      ...(clientLogged(s) ? { byClient: s.points.flatMap((p, i) => (p.byClient ? [i] : [])), byClientLabel: `${template.name}, logged ${byClientWords}` } : {}),
    })),
  };
  const empty = series.every((s) => s.series.points.length === 0);
  const downsampled = series.filter((s) => s.series.downsampled);
  return (
    <figure id={id} class="chart" data-chart={empty ? undefined : JSON.stringify(data)}>
      {empty ? <p class="empty">No data yet in this range.</p> : null}
      <figcaption class="muted small">
        {caption}
        {downsampled.map((s) => ` ${s.template.name}: ${s.series.total.toLocaleString("en-GB")} entries shown as ${s.series.points.length} averages (thin lines: min and max).`)}
        {series.filter((s) => clientLogged(s.series)).map((s) => ` ${s.template.name}: ${plural(clientLogged(s.series), "value")} of ${s.series.points.length} logged ${byClientWords} (solid dots).`)}
      </figcaption>
      {empty || !table ? null : (
        <details class="chart-table">
          <summary>Table of values</summary>
          {series.map(({ template, series: s }) => (
            <div class="table-scroll"><table class="list">
              <caption>{template.name}{template.unit ? ` (${template.unit})` : ""}</caption>
              <thead><tr><th scope="col">{s.downsampled ? "Period around" : "When"}</th><th scope="col">{s.downsampled ? "Average" : "Value"}</th>{s.downsampled ? <><th scope="col">Min</th><th scope="col">Max</th></> : null}</tr></thead>
              <tbody>
                {s.points.slice(-120).reverse().map((p) => (
                  <tr><td>{formatDateTime(new Date(p.t * 1000), timezone)}</td><td>{round(p.v)}{p.byClient ? <span class="badge by-client">{byClientWords}</span> : null}</td>{s.downsampled ? <><td>{round(p.min)}</td><td>{round(p.max)}</td></> : null}</tr>
                ))}
              </tbody>
            </table></div>
          ))}
        </details>
      )}
    </figure>
  );
};
