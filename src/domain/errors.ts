// One place turns failures into what a user is told, so HTML and JSON routes answer alike.
export type ErrorCode =
  | "validation_failed" | "bad_request" | "unauthorized" | "invalid_credentials" | "forbidden"
  | "not_found" | "conflict" | "rate_limited"
  | "double_booked" | "capacity_full" | "insufficient_credits" | "not_enrolled";

const statusOf: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 422 | 429> = {
  validation_failed: 422, bad_request: 400, unauthorized: 401, invalid_credentials: 401, forbidden: 403,
  not_found: 404, conflict: 409, rate_limited: 429,
  double_booked: 409, capacity_full: 409, insufficient_credits: 409, not_enrolled: 409,
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

/** Maps constraint violations to domain errors; anything else is returned as null and stays a 500. */
export function domainErrorFromDatabase(error: unknown, messages: Record<string, string> = {}): DomainError | null {
  const pg = pgErrorOf(error);
  if (!pg) return null;
  const message = (pg.constraint && messages[pg.constraint]) || undefined;
  if (pg.code === "23505") return new DomainError("conflict", message ?? "That already exists.");
  if (pg.code === "23P01") return new DomainError("double_booked", message ?? "That time overlaps another booking.");
  if (pg.code === "23514") return new DomainError("validation_failed", message ?? "A value is out of the allowed range.");
  return null;
}
