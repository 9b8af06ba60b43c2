import { isUuid } from "./ids.js";
import type { Context } from "hono";

/**
 * The posted form as plain strings. Repeated fields keep their last value and file uploads are
 * dropped, so every schema downstream sees `string | undefined` and nothing else.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === "string") out[key] = last;
  }
  return out;
}

/** Every value of a repeated field (checkboxes such as clientIds or weekdays), strings only. */
export async function readFormList(c: Context, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const value = (body as Record<string, unknown>)[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string").slice(0, 200);
}

/** The key a creating form carries (SubmissionKey in the view); anything else counts as none. */
export const submissionOf = (values: Record<string, string>) => (isUuid(values.submission) ? values.submission : null);
