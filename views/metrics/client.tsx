import type { Client, ClientMetric, MetricTemplate } from "../../src/db/schema.js";
import type { MetricsSection as MetricsSectionData } from "../../src/pages/client-page.js";
import { ChoiceField } from "../components/fields.js";
import { ChartFigure, type NamedSeries } from "./_chart.js";
import { EntryRow, MetricCard } from "./_card.js";

/** The client page's Progress section: one card per tracked metric, side by side on wide screens. */
export const MetricsSection = ({ clientId, cards, unassigned, timezone }: MetricsSectionData & { clientId: string; timezone: string }) => (
  <section id="metrics" class="card metrics-section" aria-labelledby="metrics-heading">
    <h2 id="metrics-heading">Progress</h2>
    {cards.length ? <div class="metric-cards">{cards.map((card) => <MetricCard clientId={clientId} {...card} timezone={timezone} />)}</div>
      : <p class="empty">No metrics tracked yet.</p>}
    {unassigned.length ? (
      <form method="post" action={`/clients/${clientId}/metric-templates`} class="enroll">
        <ChoiceField name="templateId" label="Track a metric" choices={unassigned.map((t) => [t.id, t.name] as const)} />
        <button type="submit">Track</button>
      </form>
    ) : <p class="small"><a href="/metrics">Create metrics</a> to track them here.</p>}
  </section>
);

const rangeLabels = [["4w", "4 weeks"], ["3m", "3 months"], ["1y", "1 year"], ["all", "All"]] as const;

export const MetricDetail = (p: {
  client: Client; template: MetricTemplate; series: NamedSeries[]; entries: ClientMetric[]; timezone: string;
  range: string; from: string; to: string; others: MetricTemplate[]; withId: string;
}) => {
  const base = `/clients/${p.client.id}/metrics/${p.template.id}`;
  const q = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...(p.withId ? { with: p.withId } : {}), ...extra })}`;
  return (
    <>
      <p><a href={`/clients/${p.client.id}#metrics`}>← {p.client.firstName} {p.client.lastName}</a></p>
      <h1>{p.template.name}{p.template.unit ? <span class="muted"> ({p.template.unit})</span> : null}</h1>
      <nav class="actions ranges" aria-label="Range">
        {rangeLabels.map(([key, label]) => <a class={key === p.range ? "button primary" : "button"} aria-current={key === p.range ? "page" : undefined} href={q({ range: key })}>{label}</a>)}
      </nav>
      <form method="get" action={base} class="filters">
        <input type="hidden" name="range" value="custom" />
        {p.withId ? <input type="hidden" name="with" value={p.withId} /> : null}
        <div class="field"><label for="from">From</label><input id="from" name="from" type="date" value={p.from} /></div>
        <div class="field"><label for="to">To</label><input id="to" name="to" type="date" value={p.to} /></div>
        <button type="submit">Use these dates</button>
      </form>
      {p.others.length ? (
        // The overlay keeps the range: choosing a second metric never sends the chart back to 3 months.
        <form method="get" action={base} class="filters">
          <input type="hidden" name="range" value={p.range} />
          {p.range === "custom" ? <><input type="hidden" name="from" value={p.from} /><input type="hidden" name="to" value={p.to} /></> : null}
          <div class="field"><label for="with">Overlay</label>
            <select id="with" name="with"><option value="">Nothing</option>{p.others.map((t) => <option value={t.id} selected={t.id === p.withId}>{t.name}</option>)}</select></div>
          <button type="submit">Show</button>
        </form>
      ) : null}
      {p.template.type === "text" ? null : <ChartFigure id="metric-chart" series={p.series} timezone={p.timezone} />}
      <section class="card" aria-labelledby="entries-heading">
        <h2 id="entries-heading">Latest entries in this range</h2>
        {p.entries.length ? (
          <div class="table-scroll"><table class="list">
            <thead><tr><th scope="col">When</th><th scope="col">Value</th><th scope="col"><span class="visually-hidden">Correct</span></th></tr></thead>
            <tbody>{p.entries.map((m) => <EntryRow clientId={p.client.id} template={p.template} m={m} timezone={p.timezone} />)}</tbody>
          </table></div>
        ) : <p class="empty">No entries in this range.</p>}
      </section>
    </>
  );
};
