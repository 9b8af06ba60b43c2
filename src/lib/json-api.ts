import type { Context } from "hono";
import type { z } from "zod";
import { DomainError } from "../lib/errors.js";
import { fieldErrors } from "./fields.js";

export const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

/** Reads and validates a JSON body; anything else becomes a 400 or 422 with words, never a 500. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  if (!/^application\/(.+\+)?json\b/i.test(c.req.header("Content-Type") ?? "")) {
    throw new DomainError("bad_request", "Send a JSON body with Content-Type: application/json.");
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new DomainError("bad_request", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new DomainError("validation_failed", "Some fields are missing or invalid.", fieldErrors(parsed.error));
  }
  return parsed.data;
}

export function jsonError(c: Context, error: DomainError) {
  const body = { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), ...error.details } };
  return c.json(body, error.status);
}
