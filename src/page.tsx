// How every HTML page is wrapped: the layout with nav for staff, the flash message, the doctype.
import type { Context } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import type { AppEnv } from "./app-env.js";
import { takeFlash } from "./lib/flash.js";
import { standingOf, type Standing } from "./domain/subscription.js";
import { Layout } from "../views/layout.js";
import { ErrorPage } from "../views/errors/error-page.js";

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string; charts?: boolean }): Response | Promise<Response>;
  }
}

export const pageRenderer = jsxRenderer<AppEnv>(({ children, title, charts }, c) => {
  const { user, practice } = c.var;
  const staff = user && practice ? { userName: user.fullName, practiceName: practice.name, billingNotice: billingNotice(standingOf(practice, c.var.env)) } : undefined;
  return (
    <Layout title={title} path={c.req.path} flash={takeFlash(c)} staff={staff} charts={charts}>
      {children}
    </Layout>
  );
}, { docType: true });

/** A sentence for every page when the subscription needs the owner's attention; none otherwise. */
function billingNotice(standing: Standing) {
  if (standing.state === "lapsed") return `${standing.why} Everything stays readable and exportable; creating and changing records waits for the renewal.`;
  if (standing.state === "past_due") return "The last subscription payment failed; Stripe is trying again.";
  return null;
}

export function renderErrorPage(c: Context<AppEnv>, status: number, message: string) {
  c.status(status as 400);
  return c.render(<ErrorPage status={status} message={message} />, { title: "Error" });
}
