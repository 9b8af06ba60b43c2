// How every HTML page is wrapped: the layout with nav for staff, the flash message, the doctype.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { jsxRenderer } from "hono/jsx-renderer";
import type { AppEnv } from "./app-env.js";
import { takeFlash } from "./lib/flash.js";
import { isHtmx } from "./lib/htmx.js";
import { standingOf, type Standing } from "./domain/subscription.js";
import { endOfToday } from "./domain/follow-ups.js";
import type { Practice } from "./db/schema.js";
import { countDueFollowUps } from "./queries/follow-ups.js";
import { Layout } from "../views/layout.js";
import { PortalLayout } from "../views/portal/layout.js";
import { ErrorPage } from "../views/errors/error-page.js";

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string; charts?: boolean }): Response | Promise<Response>;
  }
}

export const pageRenderer = jsxRenderer<AppEnv>(async ({ children, title, charts }, c) => {
  const { user, practice, portal } = c.var;
  const flash = takeFlash(c);
  // The portal (and its invitation pages) wear the client's own layout, even for a login that is also staff.
  if (c.req.path === "/portal" || c.req.path.startsWith("/portal/")) {
    const signedIn = portal ? { practiceName: portal.practice.name, clientId: portal.client.id, accounts: portal.accounts } : undefined;
    return <PortalLayout title={title} path={c.req.path} flash={flash} portal={signedIn} charts={charts}>{children}</PortalLayout>;
  }
  const staff = user && practice ? {
    userName: user.fullName, practiceName: practice.name, billingNotice: billingNotice(standingOf(practice, c.var.env)),
    followUpsDue: await followUpsDue(c, practice),
  } : undefined;
  return (
    <Layout title={title} path={c.req.path} flash={flash} staff={staff} charts={charts}>
      {children}
    </Layout>
  );
}, { docType: true });

/**
 * The nav badge: open follow-ups overdue or due today. One indexed count per staff page; an error page
 * (perhaps drawn because the database failed) goes without it rather than failing again.
 */
const countFollowUpsDue = (c: Context<AppEnv>, practice: Practice) =>
  countDueFollowUps(c.var.db, practice.id, endOfToday(practice.timezone)).catch(() => 0);

async function followUpsDue(c: Context<AppEnv>, practice: Practice) {
  return c.var.followUpsDue ?? countFollowUpsDue(c, practice);
}

/**
 * Starts the badge's count as a staff page request (a plain GET, not the API, not an htmx fragment) begins,
 * so its round trip overlaps the handler's own queries instead of following them. Anything else that does
 * render a page counts in the renderer, as before.
 */
export const startNavCounts = createMiddleware<AppEnv>(async (c, next) => {
  const { user, practice } = c.var;
  if (c.req.method === "GET" && user && practice && !c.req.path.startsWith("/api/") && !isHtmx(c)) c.set("followUpsDue", countFollowUpsDue(c, practice));
  await next();
});

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
