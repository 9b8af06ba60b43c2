import type { MetricTemplate, Service } from "../../src/db/schema.js";
import type { listClientsNotLogged } from "../../src/queries/check-ins.js";
import type { TemplateValues } from "../../src/queries/metrics.js";
import { formatDateTime } from "../../src/lib/time.js";
import { ChoiceField, FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

/** Said on the confirmation page before a metric is archived (a plain form: the page asks, with or without JavaScript). */
export const archiveMetricConsequence = (name: string) =>
  `Archive ${name}? It stops being offered for logging and tracking; every value logged is kept, and you can unarchive it.`;

export type OverviewRow = { clientId: string; firstName: string; lastName: string; first: number | null; last: number | null; entries: number };

const describe = (t: Pick<MetricTemplate, "type" | "minValue" | "maxValue" | "unit">) =>
  t.type === "text" ? "text" : `${t.type}${t.minValue !== null || t.maxValue !== null ? ` ${t.minValue ?? "…"}–${t.maxValue ?? "…"}` : ""}${t.unit ? ` ${t.unit}` : ""}`;

/** A metric's fields, for the new-metric form and the edit page (where the input type is fixed). */
const TemplateFields = ({ values, errors, fixedType }: { values: FormValues; errors?: FieldErrors; fixedType?: string }) => (
  <>
    <TextField name="name" label="Name" value={values.name} errors={errors} required maxlength={60} />
    <div class="three-up">
      {fixedType ? <><input type="hidden" name="type" value={fixedType} />
        <div class="field"><span class="label">Input</span><p>{fixedType === "slider" ? "Slider" : fixedType === "number" ? "Number" : "Text"} <span class="muted small">(fixed)</span></p></div></>
        : <ChoiceField name="type" label="Input" value={values.type ?? "slider"} errors={errors} choices={[["slider", "Slider"], ["number", "Number"], ["text", "Text"]]} />}
      <TextField name="unit" label="Unit" value={values.unit} errors={errors} maxlength={20} hint="kg, hours, degrees…" />
      <ChoiceField name="better" label="Progress is" value={values.better} errors={errors} choices={[["", "Either way"], ["higher", "Higher"], ["lower", "Lower"]]} />
    </div>
    <div class="three-up">
      <TextField name="minValue" label="Minimum" inputmode="decimal" value={values.minValue} errors={errors} hint="Required for sliders." />
      <TextField name="maxValue" label="Maximum" inputmode="decimal" value={values.maxValue} errors={errors} />
      <TextField name="step" label="Step" inputmode="decimal" value={values.step} errors={errors} />
    </div>
    <TextField name="description" label="Description" value={values.description} errors={errors} maxlength={500} />
  </>
);

export const templateFormValues = (t: MetricTemplate): FormValues => ({
  name: t.name, type: t.type, unit: t.unit ?? "", better: t.better ?? "", minValue: t.minValue ?? "", maxValue: t.maxValue ?? "",
  step: t.step ?? "", description: t.description ?? "",
});

export const TemplateEditPage = ({ template, values, errors }: { template: MetricTemplate; values: FormValues; errors?: FieldErrors }) => (
  <>
    <p><a href="/metrics">← Metrics</a></p>
    <h1>Edit {template.name}</h1>
    <form method="post" action={`/metrics/templates/${template.id}`} class="card stack" id="template-edit-form">
      <FormError errors={errors} />
      <TemplateFields values={values} errors={errors} fixedType={template.type} />
      <p class="small muted">Every value already logged is kept. New bounds may not leave any of them outside.</p>
      <button type="submit" class="primary">Save changes</button>
    </form>
  </>
);

type NotLoggedRow = Awaited<ReturnType<typeof listClientsNotLogged>>[number];

/** Clients whose scheduled check-in is due and not logged, the longest due first (set on each client's page). */
const NotLogged = ({ rows, timezone }: { rows: NotLoggedRow[]; timezone: string }) => (
  <section class="card" id="check-ins-not-logged" aria-labelledby="not-logged-heading">
    <h2 id="not-logged-heading">Check-ins not logged</h2>
    {rows.length ? (
      <ul>{rows.map((r) => (
        <li><a href={`/clients/${r.clientId}#check-ins`}>{r.firstName} {r.lastName}</a>
          <div class="muted small">{r.metrics.join(", ")} · due since {formatDateTime(r.dueSince, timezone)}</div></li>
      ))}</ul>
    ) : <p class="empty">No check-in is waiting: every client asked to log has done so.</p>}
  </section>
);

export const MetricsPage = (p: {
  templates: MetricTemplate[]; starters: TemplateValues[]; services: Array<{ service: Service; templateIds: string[] }>;
  values?: FormValues; errors?: FieldErrors; overview?: { template: MetricTemplate; weeks: number; rows: OverviewRow[] }; overviewTemplateId: string; weeks: number;
  notLogged: NotLoggedRow[]; timezone: string;
}) => (
  <>
    <h1>Metrics</h1>
    <section class="card" aria-labelledby="overview-heading">
      <h2 id="overview-heading">Who is improving</h2>
      <form method="get" action="/metrics" class="filters">
        <ChoiceField name="template" label="Metric" value={p.overviewTemplateId} choices={p.templates.filter((t) => t.type !== "text" && !t.archived).map((t) => [t.id, t.name] as const)} />
        <TextField name="weeks" label="Over the last … weeks" type="number" inputmode="numeric" min={2} max={104} value={p.weeks} />
        <button type="submit">Compare</button>
      </form>
      {p.overview ? <Overview {...p.overview} /> : <p class="empty">Choose a metric to compare each client's first and last week.</p>}
    </section>
    <NotLogged rows={p.notLogged} timezone={p.timezone} />
    <section class="card" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Your metrics</h2>
      {p.templates.length ? (
        <div class="table-scroll"><table class="list">
          <thead><tr><th scope="col">Metric</th><th scope="col">Input</th><th scope="col"><span class="visually-hidden">Archive</span></th></tr></thead>
          <tbody>{p.templates.map((t) => (
            <tr class={t.archived ? "inactive" : ""}>
              <td><a href={`/metrics/templates/${t.id}/edit`}>{t.name}</a>{t.archived ? <span class="badge">archived</span> : null}{t.description ? <div class="muted small">{t.description}</div> : null}</td>
              <td>{describe(t)}</td>
              <td><form method="post" action={`/metrics/templates/${t.id}/archived`}>
                <input type="hidden" name="archived" value={t.archived ? "false" : "true"} />
                <button type="submit" class="link-button">{t.archived ? "Unarchive" : "Archive"}<span class="visually-hidden"> {t.name}</span></button></form></td>
            </tr>
          ))}</tbody>
        </table></div>
      ) : <p class="empty">No metrics yet: start from the library below, or create your own.</p>}
      {p.starters.length ? (
        <div class="starters">
          <h3>Library</h3>
          {p.starters.map((s) => (
            <form method="post" action="/metrics/templates/starters" class="inline">
              <input type="hidden" name="name" value={s.name} />
              <button type="submit" title={describe(s)}>+ {s.name}</button>
            </form>
          ))}
        </div>
      ) : null}
    </section>
    <form method="post" action="/metrics/templates" class="card stack" id="template-form">
      <h2>New metric</h2>
      <FormError errors={p.errors} />
      <TemplateFields values={p.values ?? {}} errors={p.errors} />
      <button type="submit" class="primary">Create metric</button>
    </form>
    {p.services.length ? (
      <section class="card" aria-labelledby="per-service-heading">
        <h2 id="per-service-heading">Metrics per service</h2>
        <p class="muted small">A client booked into a service for the first time starts tracking these.</p>
        {p.services.map(({ service, templateIds }) => (
          <form method="post" action={`/metrics/services/${service.id}`} class="per-service">
            <fieldset>
              <legend>{service.name}</legend>
              {p.templates.filter((t) => !t.archived).map((t) => (
                <label class="check"><input type="checkbox" name="templateIds" value={t.id} checked={templateIds.includes(t.id)} /> {t.name}</label>
              ))}
            </fieldset>
            <button type="submit">Save<span class="visually-hidden"> metrics for {service.name}</span></button>
          </form>
        ))}
      </section>
    ) : null}
  </>
);

const Overview = ({ template, weeks, rows }: { template: MetricTemplate; weeks: number; rows: OverviewRow[] }) => {
  const withBoth = rows.filter((r) => r.first !== null && r.last !== null)
    .map((r) => ({ ...r, change: r.last! - r.first! }))
    .sort((a, b) => (template.better === "lower" ? a.change - b.change : b.change - a.change));
  const verdict = (change: number) => (template.better === null || change === 0 ? "changed" : (change > 0) === (template.better === "higher") ? "improved" : "declined");
  return withBoth.length ? (
    <table class="list">
      <caption class="muted small">{template.name}: average of the first week against the last week of the past {weeks} weeks.</caption>
      <thead><tr><th scope="col">Client</th><th scope="col">First week</th><th scope="col">Last week</th><th scope="col">Change</th></tr></thead>
      <tbody>{withBoth.map((r) => (
        <tr class={verdict(r.change)}>
          <td><a href={`/clients/${r.clientId}/metrics/${template.id}?range=${weeks <= 4 ? "4w" : weeks <= 13 ? "3m" : "1y"}`}>{r.firstName} {r.lastName}</a></td>
          <td>{r.first!.toFixed(1)}</td><td>{r.last!.toFixed(1)}</td>
          <td>{r.change > 0 ? "+" : ""}{r.change.toFixed(1)} <span class={`badge ${verdict(r.change)}`}>{verdict(r.change)}</span></td>
        </tr>
      ))}</tbody>
    </table>
  ) : <p class="empty">Nobody has entries in both the first and the last week of this window.</p>;
};
