import type { ClientMetric, MetricTemplate } from "../../src/db/schema.js";
import type { ChartSeries } from "../../src/queries/metrics.js";
import { formatDateTime, toLocalInput } from "../../src/lib/time.js";
import { FormError, type FieldErrors, type FormValues, SubmissionKey } from "../components/fields.js";
import { ChartFigure } from "./_chart.js";

const fmt = (m: ClientMetric) => (m.valueNum ?? m.valueText ?? "");

/** Marks a value the client logged in their portal (or with their own API token), beside the practice's own. */
export const ByClient = ({ m, words = "by client" }: { m: ClientMetric; words?: string }) =>
  m.source === "client" ? <span class="badge by-client">{words}</span> : null;

/** The input a template asks for: a real range slider with its live value, a number with its unit, or text. */
export const MetricInput = ({ template, id, value, describedBy }: { template: MetricTemplate; id: string; value?: unknown; describedBy?: string }) => {
  const invalid = describedBy ? "true" : undefined;
  if (template.type === "text") {
    return <textarea id={id} name="value" rows={2} maxlength={2000} required aria-invalid={invalid} aria-describedby={describedBy}>{value == null ? "" : String(value)}</textarea>;
  }
  if (template.type === "slider") {
    const start = value ?? Math.round(((template.minValue ?? 0) + (template.maxValue ?? 10)) / 2);
    return (
      <span class="slider">
        <input id={id} name="value" type="range" min={template.minValue ?? 0} max={template.maxValue ?? 10} step={template.step ?? 1} value={String(start)} data-live-value={`${id}-out`}
          aria-invalid={invalid} aria-describedby={describedBy} />
        <output id={`${id}-out`} for={id}>{String(start)}</output>
      </span>
    );
  }
  return (
    <span class="number-unit">
      <input id={id} name="value" type="number" inputmode="decimal" min={template.minValue ?? undefined} max={template.maxValue ?? undefined}
        step={template.step ?? "any"} value={value == null ? "" : String(value)} required aria-invalid={invalid} aria-describedby={describedBy} />
      {template.unit ? <span class="unit">{template.unit}</span> : null}
    </span>
  );
};

/** One tracked metric on the client page, self-replacing: logging a value swaps in the new point and chart. */
export const MetricCard = ({ clientId, template, series, recent, timezone, values = {}, errors }: {
  clientId: string; template: MetricTemplate; series: ChartSeries | null; recent: ClientMetric[]; timezone: string; values?: FormValues; errors?: FieldErrors;
}) => {
  const id = `metric-${template.id}`;
  const url = `/clients/${clientId}/metrics`;
  return (
    <article id={id} class="metric-card">
      <header>
        <h3>{template.name}{template.unit ? <span class="muted small"> ({template.unit})</span> : null}</h3>
        <a class="small" href={`${url}/${template.id}`}>All ranges, table and edits</a>
      </header>
      <form method="post" action={url} hx-post={url} hx-target={`#${id}`} hx-swap="outerHTML" class="log-form">
        <FormError errors={errors?.value || errors?.recordedAt ? { _form: errors.value ?? errors.recordedAt } : errors} />
        <input type="hidden" name="templateId" value={template.id} />
        <SubmissionKey value={values.submission} />
        <label for={`${id}-value`}>{template.type === "text" ? "Note" : "Value"}</label>
        <MetricInput template={template} id={`${id}-value`} value={values.value} />
        <label for={`${id}-when`} class="small">When (empty = now)</label>
        <input id={`${id}-when`} name="recordedAt" type="datetime-local" value={values.recordedAt == null ? "" : String(values.recordedAt)} />
        <button type="submit" class="primary">Log</button>
      </form>
      {template.type === "text" ? (
        recent.length ? (
          <ol class="timeline">{recent.map((m) => <li><time datetime={m.recordedAt.toISOString()}>{formatDateTime(m.recordedAt, timezone)}</time> {m.valueText}<ByClient m={m} /></li>)}</ol>
        ) : <p class="empty">No entries yet.</p>
      ) : (
        <>
          {recent[0] ? <p class="latest">Latest: <strong>{fmt(recent[0])}</strong>{template.unit ? ` ${template.unit}` : ""} <span class="muted small">{formatDateTime(recent[0].recordedAt, timezone)}</span><ByClient m={recent[0]} /></p> : null}
          {/* The table of these values lives on the metric's own page, one link away: it keeps the card small. */}
          <ChartFigure id={`${id}-chart`} series={series ? [{ template, series }] : []} timezone={timezone} caption="Last 90 days." table={false} />
        </>
      )}
    </article>
  );
};

export const EntryRow = ({ clientId, template, m, timezone }: { clientId: string; template: MetricTemplate; m: ClientMetric; timezone: string }) => {
  const url = `/clients/${clientId}/metrics/${template.id}/entries/${m.id}`;
  return (
    <tr id={`entry-${m.id}`}>
      <td>{formatDateTime(m.recordedAt, timezone)}</td>
      <td>{fmt(m)}<ByClient m={m} /></td>
      <td>
        <details>
          <summary>Edit</summary>
          <form method="post" action={url} class="stack">
            <label for={`e-${m.id}`}>Value</label>
            <MetricInput template={template} id={`e-${m.id}`} value={fmt(m)} />
            <label for={`w-${m.id}`}>When</label>
            <input id={`w-${m.id}`} name="recordedAt" type="datetime-local" value={toLocalInput(m.recordedAt, timezone)} />
            <button type="submit">Save</button>
          </form>
          <form method="post" action={`${url}/delete`}><button type="submit" class="link-button">Delete this entry</button></form>
        </details>
      </td>
    </tr>
  );
};
