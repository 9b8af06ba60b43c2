// One place turns failures into what a user is told, so HTML and JSON routes answer alike.
export type ErrorCode =
  | "validation_failed" | "bad_request" | "unauthorized" | "invalid_credentials" | "forbidden"
  | "not_found" | "conflict" | "rate_limited" | "busy" | "payload_too_large"
  | "double_booked" | "capacity_full" | "insufficient_credits" | "not_enrolled"
  | "subscription_required" | "payment_provider" | "not_configured";

const statusOf: Record<ErrorCode, 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503> = {
  validation_failed: 422, bad_request: 400, unauthorized: 401, invalid_credentials: 401, forbidden: 403,
  not_found: 404, conflict: 409, rate_limited: 429, busy: 503, payload_too_large: 413,
  double_booked: 409, capacity_full: 409, insufficient_credits: 409, not_enrolled: 409,
  // A lapsed subscription: reading goes on, creating waits for the renewal.
  subscription_required: 402,
  // Stripe refused or could not be reached; nothing of ours was changed.
  payment_provider: 502,
  // Card payments or billing asked for where no Stripe keys (or no connected account) exist.
  not_configured: 409,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra machine-readable facts for the API body, e.g. the id of the record a conflict is with. */
    readonly details?: Record<string, string>,
  ) {
    super(message);
  }
  get status() {
    return statusOf[this.code];
  }
}

type PgError = { code?: string; constraint?: string; constraint_name?: string };

/** The SQLSTATE and constraint name of a database error, whichever driver raised it. */
export function pgErrorOf(error: unknown): { code: string; constraint: string | undefined } | null {
  // Drizzle wraps driver errors (DrizzleQueryError) and keeps the original as `cause`.
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const pg = e as PgError;
    if (typeof pg.code === "string" && /^[0-9A-Z]{5}$/.test(pg.code)) {
      return { code: pg.code, constraint: pg.constraint ?? pg.constraint_name };
    }
  }
  return null;
}

/** What a constraint's violation says: a sentence, or a sentence that belongs next to one field. */
export type ConstraintMessage = string | { field: string; message: string };

/** Maps constraint violations to domain errors; anything else is returned as null and stays a 500. */
export function domainErrorFromDatabase(error: unknown, messages: Record<string, ConstraintMessage> = {}): DomainError | null {
  const pg = pgErrorOf(error);
  if (!pg) return null;
  const known = pg.constraint ? messages[pg.constraint] : undefined;
  const message = typeof known === "string" ? known : known?.message;
  const fields = typeof known === "object" ? { [known.field]: known.message } : undefined;
  if (pg.code === "23505") return new DomainError("conflict", message ?? "That already exists.", fields);
  if (pg.code === "23P01") return new DomainError("double_booked", message ?? "That time overlaps another booking.", fields);
  if (pg.code === "23514") return new DomainError("validation_failed", message ?? "A value is out of the allowed range.", fields);
  // Class 22 is "data exception": a value the database cannot hold (out of range, malformed, overflow).
  if (pg.code.startsWith("22")) return new DomainError("validation_failed", message ?? "A value is out of the range that can be stored.", fields);
  return null;
}

// ---- The one rule for HTML forms: which failures re-render the form, and with what.

/** Failures that are not about the form: the URL's object is gone, the person may not, or the request is broken. */
const notAboutTheForm = new Set<ErrorCode>(["unauthorized", "forbidden", "bad_request", "busy", "payload_too_large"]);

export type FormFailure = { status: 401 | 409 | 422 | 429; errors: Record<string, string>; code?: ErrorCode };

/**
 * What a form handler does with a failure. A DomainError the person can act on from the form comes back
 * as the form again, values kept:
 * - 422 when it is about what they typed or chose (invalid, a taken email, a clashing time, a chosen
 *   client that is not ours): the messages go next to the fields the form has;
 * - the error's own status (409 full / no credits / already enrolled, 401, 429) when it is about the state
 *   of things rather than a field: the sentence goes above the form.
 * The sentence is always above the form too: it often says more than a field can (a clash names the next
 * free slot), and compact forms in a page section show nothing else. Everything else is rethrown: `not_found` without fields is the URL's object (404 page),
 * `forbidden` and the like get the error page or the JSON error, and a bug stays a 500.
 *
 * `posted` is the form as read (its keys are the fields the form has); `renames` maps the domain's field
 * names to the form's where they differ (the API's `startTime` is the form's `start`).
 */
export function formFailure(error: unknown, posted: Record<string, string>, renames: Record<string, string> = {}): FormFailure {
  if (!(error instanceof DomainError) || notAboutTheForm.has(error.code) || (error.code === "not_found" && !error.fields)) throw error;
  const onForm: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields ?? {})) {
    const name = renames[field] ?? field;
    if (name in posted) onForm[name] = message;
  }
  const aboutInput = error.code === "validation_failed" || error.code === "not_found" || Object.keys(onForm).length > 0;
  return { status: aboutInput ? 422 : (error.status as FormFailure["status"]), errors: { ...onForm, _form: error.message }, code: error.code };
}
