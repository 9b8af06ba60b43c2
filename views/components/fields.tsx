import type { Child } from "hono/jsx";

export type FieldErrors = Record<string, string | undefined>;
export type FormValues = Record<string, unknown>;

type Common = { name: string; label: string; errors?: FieldErrors; hint?: Child; required?: boolean };

const describedBy = (name: string, hint: unknown, error: unknown) =>
  [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

function FieldShell({ name, label, hint, error, children }: { name: string; label: string; hint?: Child; error?: string; children: Child }) {
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={name}>{label}</label>
      {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
      {children}
      {error ? <p class="error" id={`${name}-error`}>{error}</p> : null}
    </div>
  );
}

export function TextField(props: Common & {
  value?: unknown; type?: string; autocomplete?: string; maxlength?: number; inputmode?: "numeric" | "decimal" | "email" | "tel" | "text" | "url"; min?: number | string; max?: number | string;
  /** For a form repeated on one page: keeps ids (and so labels) unique. */
  idPrefix?: string;
}) {
  const error = props.errors?.[props.name];
  const id = `${props.idPrefix ?? ""}${props.name}`;
  return (
    <FieldShell name={id} label={props.label} hint={props.hint} error={error}>
      <input
        id={id} name={props.name} type={props.type ?? "text"}
        value={props.value == null ? "" : String(props.value)}
        autocomplete={props.autocomplete} maxlength={props.maxlength} inputmode={props.inputmode}
        min={props.min} max={props.max} required={props.required}
        aria-invalid={error ? "true" : undefined} aria-describedby={describedBy(id, props.hint, error)}
      />
    </FieldShell>
  );
}

/** A select of plain values (time zones, currencies); a submitted value not in the list is kept. */
export function SelectField(props: Common & { value?: unknown; options: readonly string[]; browserTimeZone?: boolean }) {
  const value = props.value == null ? "" : String(props.value);
  const options = value && !props.options.includes(value) ? [value, ...props.options] : props.options;
  return <ChoiceField {...props} choices={options.map((o) => [o, o] as const)} />;
}

/** Errors that belong to no single field (a refused login, a clash) go above the form. */
export const FormError = ({ errors }: { errors?: FieldErrors }) =>
  errors?._form ? <p class="form-error" role="alert">{errors._form}</p> : null;

export function TextArea(props: Common & { value?: unknown; rows?: number; maxlength?: number; idPrefix?: string }) {
  const error = props.errors?.[props.name];
  const id = `${props.idPrefix ?? ""}${props.name}`;
  return (
    <FieldShell name={id} label={props.label} hint={props.hint} error={error}>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} maxlength={props.maxlength} required={props.required}
        aria-invalid={error ? "true" : undefined} aria-describedby={describedBy(id, props.hint, error)}
      >{props.value == null ? "" : String(props.value)}</textarea>
    </FieldShell>
  );
}

/** A select whose options have labels distinct from their values. */
export function ChoiceField(props: Common & { value?: unknown; choices: ReadonlyArray<readonly [value: string, label: string]>; browserTimeZone?: boolean }) {
  const error = props.errors?.[props.name];
  const value = props.value == null ? "" : String(props.value);
  return (
    <FieldShell name={props.name} label={props.label} hint={props.hint} error={error}>
      <select id={props.name} name={props.name} required={props.required}
        data-browser-timezone={props.browserTimeZone ? "" : undefined}
        aria-invalid={error ? "true" : undefined} aria-describedby={describedBy(props.name, props.hint, error)}>
        {props.choices.map(([v, label]) => <option value={v} selected={v === value}>{label}</option>)}
      </select>
    </FieldShell>
  );
}

/**
 * The key a creating form carries (made when the form is drawn, kept when it is drawn again with an error):
 * the server makes one thing per key, so a double tap or a retry after a dropped connection never makes two.
 */
export const SubmissionKey = ({ value }: { value?: unknown }) =>
  <input type="hidden" name="submission" value={typeof value === "string" && value ? value : crypto.randomUUID()} />;
