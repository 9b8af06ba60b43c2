import type { Context, Env } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";

/**
 * True when htmx asks for a fragment. htmx 4 also sends HX-Request when it restores history or
 * targets the whole body (HX-Request-Type: full): those get the full page.
 */
export const isHtmx = (c: Context) =>
  c.req.header("HX-Request") === "true" && c.req.header("HX-Request-Type") !== "full" && c.req.header("HX-History-Restore-Request") !== "true";

/**
 * One handler, two answers: the fragment alone when htmx asks (it swaps it in place), the fragment
 * inside its full page otherwise (a normal visit, a form posted without JavaScript, a reload).
 */
export function pageOrFragment<E extends Env>(c: Context<E>, title: string, fragment: JSX.Element, page: JSX.Element) {
  return isHtmx(c) ? c.html(fragment) : c.render(page, { title });
}
