import type { CardData } from "../../src/pages/client-page.js";
import { formatDateTime } from "../../src/lib/time.js";
import { FormError, type FieldErrors, type FormValues, SubmissionKey } from "../components/fields.js";
import { ChartFigure } from "../metrics/_chart.js";
import { MetricInput } from "../metrics/_card.js";

export type PortalCardProps = CardData & { timezone: string; values?: FormValues; errors?: FieldErrors; saved?: string };

/** A field's message under it, tied to its input for screen readers. */
const FieldError = ({ id, message }: { id: string; message?: string }) => (message ? <p class="error" id={id}>{message}</p> : null);

/**
 * One metric the client logs, self-replacing under htmx: saving swaps in the card with the new value in the
 * chart and what was saved. `metric-<templateId>` is its anchor, so the portal home can link straight to it.
 */
export const PortalMetricCard = ({ template, series, recent, timezone, values = {}, errors, saved }: PortalCardProps) => {
  const id = `metric-${template.id}`;
  const [valueError, whenError] = [errors?.value, errors?.recordedAt];
  return (
    <article id={id} class="card metric-card" aria-labelledby={`${id}-name`}>
      <header>
        <h2 id={`${id}-name`}>{template.name}{template.unit ? <span class="muted small"> ({template.unit})</span> : null}</h2>
      </header>
      {saved ? <p class="flash" role="status">{saved}</p> : null}
      <form method="post" action="/portal/metrics" hx-post="/portal/metrics" hx-target={`#${id}`} hx-swap="outerHTML" class="log-form stack">
        {/* The sentence above the form only when no field shows it already. */}
        <FormError errors={valueError || whenError ? undefined : errors} />
        <input type="hidden" name="templateId" value={template.id} />
        <SubmissionKey value={values.submission} />
        <div class={valueError ? "field has-error" : "field"}>
          <label for={`${id}-value`}>{template.type === "text" ? "In your own words" : template.type === "slider" ? "Your value now" : `Value${template.unit ? ` in ${template.unit}` : ""}`}</label>
          {template.description ? <p class="hint">{template.description}</p> : null}
          <MetricInput template={template} id={`${id}-value`} value={values.value} describedBy={valueError ? `${id}-value-error` : undefined} />
          <FieldError id={`${id}-value-error`} message={valueError} />
        </div>
        <div class={whenError ? "field has-error" : "field"}>
          <label for={`${id}-when`}>When <span class="muted small">(leave empty for now)</span></label>
          <input id={`${id}-when`} name="recordedAt" type="datetime-local" value={values.recordedAt == null ? "" : String(values.recordedAt)}
            aria-invalid={whenError ? "true" : undefined} aria-describedby={whenError ? `${id}-when-error` : undefined} />
          <FieldError id={`${id}-when-error`} message={whenError} />
        </div>
        <button type="submit" class="primary">Save</button>
      </form>
      {template.type === "text" ? (
        recent.length ? (
          <ol class="timeline" aria-label="Your latest entries">
            {recent.map((m) => <li><time datetime={m.recordedAt.toISOString()}>{formatDateTime(m.recordedAt, timezone)}</time> {m.valueText}</li>)}
          </ol>
        ) : <p class="empty">Nothing written yet.</p>
      ) : (
        <>
          {recent[0] ? <p class="latest">Latest: <strong>{recent[0].valueNum}</strong>{template.unit ? ` ${template.unit}` : ""} <span class="muted small">{formatDateTime(recent[0].recordedAt, timezone)}</span></p> : null}
          <ChartFigure id={`${id}-chart`} series={series ? [{ template, series }] : []} timezone={timezone} caption="Your last 90 days." byClientWords="by you" />
        </>
      )}
    </article>
  );
};
