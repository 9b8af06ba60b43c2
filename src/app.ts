import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { timing } from "hono/timing";
import type { AppEnv } from "./app-env.js";
import { loadSession, refuseWritesWhenLapsed } from "./auth/middleware.js";
import type { Database } from "./db/client.js";
import { DomainError, domainErrorFromDatabase } from "./lib/errors.js";
import type { Env } from "./env.js";
import { staticFiles } from "./lib/assets.js";
import { isHtmx } from "./lib/htmx.js";
import { isApiPath, jsonError } from "./lib/json-api.js";
import { refuseUnstorableText } from "./lib/storable-text.js";
import { rejectUnlistedMethods } from "./lib/method-not-allowed.js";
import { pageRenderer, renderErrorPage, startNavCounts } from "./page.js";
import { requestTransactions, tooBusy } from "./request-transaction.js";
import { apiAuth } from "./routes/api/auth.js";
import { apiClientCredits } from "./routes/api/clients/credits.js";
import { apiClients } from "./routes/api/clients/index.js";
import { apiClientMetrics } from "./routes/api/clients/metrics.js";
import { apiClientPayments } from "./routes/api/clients/payments.js";
import { apiMetricTemplates } from "./routes/api/metric-templates.js";
import { openapi } from "./routes/api/openapi.js";
import { apiPrograms } from "./routes/api/programs.js";
import { apiServices } from "./routes/api/services.js";
import { apiSessionAttendees } from "./routes/api/sessions/attendees.js";
import { apiSessions } from "./routes/api/sessions/index.js";
import { apiSubscription } from "./routes/api/subscription.js";
import { apiUser } from "./routes/api/user.js";
import { auth } from "./routes/auth.js";
import { calendarFeeds } from "./routes/calendar-feeds.js";
import { calendar } from "./routes/calendar.js";
import { devMailbox } from "./routes/dev-mailbox.js";
import { clientEnrollments } from "./routes/clients/enrollments.js";
import { clientFollowUps } from "./routes/clients/follow-ups.js";
import { clients } from "./routes/clients/index.js";
import { clientMetricTemplates } from "./routes/clients/metric-templates.js";
import { clientMetrics } from "./routes/clients/metrics.js";
import { clientNotes } from "./routes/clients/notes.js";
import { clientPayments } from "./routes/clients/payments.js";
import { clientReminders } from "./routes/clients/reminders.js";
import { clientCheckIns } from "./routes/clients/check-ins.js";
import { clientPortal } from "./routes/clients/portal.js";
import { portalCredits } from "./routes/portal/credits.js";
import { portalHome } from "./routes/portal/index.js";
import { portalIntake } from "./routes/portal/intake.js";
import { portalInvites } from "./routes/portal/invites.js";
import { portalMetrics } from "./routes/portal/metrics.js";
import { portalProfile } from "./routes/portal/profile.js";
import { portalSessions } from "./routes/portal/sessions.js";
import { emailUnsubscribe } from "./routes/email-unsubscribe.js";
import { followUps } from "./routes/follow-ups.js";
import { health } from "./routes/health.js";
import { metrics } from "./routes/metrics.js";
import { pay } from "./routes/pay.js";
import { passwordReset } from "./routes/password-reset.js";
import { payments } from "./routes/payments.js";
import { programEnrollments } from "./routes/programs/enrollments.js";
import { programs } from "./routes/programs/index.js";
import { services } from "./routes/services.js";
import { sessionAttendees } from "./routes/sessions/attendees.js";
import { sessions } from "./routes/sessions/index.js";
import { settings } from "./routes/settings/index.js";
import { billingSettings } from "./routes/settings/billing.js";
import { emailSettings } from "./routes/settings/email.js";
import { integrationsSettings } from "./routes/settings/integrations.js";
import { unplacedBookings } from "./routes/unplaced-bookings.js";
import { calendlyWebhook } from "./routes/webhooks/calendly.js";
import { stripeWebhook } from "./routes/webhooks/stripe.js";

/**
 * Stripe's pages a form of ours redirects to (Checkout, Connect onboarding, the billing portal): the
 * browser applies form-action to where a form post's redirect lands, so they are named here.
 * A local fake Stripe (STRIPE_API_BASE) serves those pages itself.
 */
function stripeFormTargets(env: Env) {
  if (!env.stripe) return [];
  const pages = ["https://checkout.stripe.com", "https://connect.stripe.com", "https://billing.stripe.com"];
  return env.stripe.apiBase ? [...pages, new URL(env.stripe.apiBase).origin] : pages;
}

const oneClickUnsubscribe = /^\/email\/unsubscribe\/[^/]+$/;

const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"], // no inline scripts, no eval: htmx and app.js are files
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

function failure(c: Context<AppEnv>, error: DomainError) {
  // A lapsed practice's tap: the form says why in place (static/app.js) instead of an error page in the row.
  if (error.code === "subscription_required" && isHtmx(c)) c.header("HX-Reswap", "none");
  return isApiPath(c.req.path) ? jsonError(c, error) : renderErrorPage(c, error.status, error.message);
}

/** Whatever a handler throws becomes a page or a JSON error with words; only a bug is a 500. */
function answerFailure(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) return failure(c, err);
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 403) return failure(c, new DomainError("forbidden", "This request came from another site and was refused."));
    if (status === 413) return failure(c, new DomainError("payload_too_large", "The request body is too large (at most 1 MB)."));
    return failure(c, new DomainError("bad_request", err.message || "Bad request."));
  }
  // The shared net under every handler: input the database refused is the person's to fix, not a bug.
  const refused = tooBusy(err) ?? domainErrorFromDatabase(err);
  if (refused) return failure(c, refused);
  console.error(err);
  // htmx swaps every answer into its target: a failure must not replace a row with an error page.
  // The form says what happened in place (static/app.js) and offers to send it again.
  if (isHtmx(c)) c.header("HX-Reswap", "none");
  // True because a failing request's writes are rolled back (src/request-transaction.ts).
  const message = "Something went wrong on our side. Nothing was changed; please try again.";
  if (isApiPath(c.req.path)) return c.json({ error: { code: "internal", message } }, 500);
  return renderErrorPage(c, 500, message);
}

/**
 * One sub-app per resource. A nested resource is mounted before its parent: its handlers answer before
 * the parent's `/:id/*` scope is reached, so the parent is loaded once, by the nested app's own scope.
 */
function mountRoutes(app: Hono<AppEnv>) {
  app.route("/", health);
  app.route("/api", openapi);
  app.route("/api/auth", apiAuth);
  app.route("/api/user", apiUser);
  app.route("/api/clients/:clientId/credits", apiClientCredits);
  app.route("/api/clients/:clientId/metrics", apiClientMetrics);
  app.route("/api/clients/:clientId/payments", apiClientPayments);
  app.route("/api/clients", apiClients);
  app.route("/api/metric-templates", apiMetricTemplates);
  app.route("/api/programs", apiPrograms);
  app.route("/api/services", apiServices);
  app.route("/api/sessions/:sessionId/attendees", apiSessionAttendees);
  app.route("/api/sessions", apiSessions);
  app.route("/api/subscription", apiSubscription);
  app.route("/api/webhook/calendly", calendlyWebhook);
  app.route("/api/webhook/stripe", stripeWebhook);
  app.route("/", auth);
  app.route("/password-reset", passwordReset);
  app.route("/calendar", calendarFeeds);
  app.route("/", calendar);
  app.route("/settings/integrations", integrationsSettings);
  app.route("/settings/billing", billingSettings);
  app.route("/settings/email", emailSettings);
  app.route("/settings", settings);
  app.route("/clients/:clientId/notes", clientNotes);
  app.route("/clients/:clientId/enrollments", clientEnrollments);
  app.route("/clients/:clientId/metrics", clientMetrics);
  app.route("/clients/:clientId/metric-templates", clientMetricTemplates);
  app.route("/clients/:clientId/payments", clientPayments);
  app.route("/clients/:clientId/follow-ups", clientFollowUps);
  app.route("/clients/:clientId/reminders", clientReminders);
  app.route("/clients/:clientId/portal", clientPortal);
  app.route("/clients/:clientId/check-ins", clientCheckIns);
  app.route("/clients", clients);
  app.route("/programs/:programId/enrollments", programEnrollments);
  app.route("/programs", programs);
  app.route("/payments", payments);
  app.route("/follow-ups", followUps);
  app.route("/metrics", metrics);
  app.route("/services", services);
  app.route("/sessions/:sessionId/attendees", sessionAttendees);
  app.route("/sessions", sessions);
  app.route("/unplaced-bookings", unplacedBookings);
  app.route("/pay", pay);
  app.route("/portal/invite", portalInvites);
  app.route("/portal/sessions", portalSessions);
  app.route("/portal/credits", portalCredits);
  app.route("/portal/metrics", portalMetrics);
  app.route("/portal/intake", portalIntake);
  app.route("/portal/profile", portalProfile);
  app.route("/portal", portalHome);
  app.route("/dev/mailbox", devMailbox);
  app.route("/email/unsubscribe", emailUnsubscribe);
}

export function createApp(database: Pick<Database, "db" | "kind" | "poolSize">, env: Env) {
  const app = new Hono<AppEnv>();

  app.onError(answerFailure);
  app.notFound((c) => failure(c, new DomainError("not_found", "There is nothing at this address.")));

  app.use(timing({ totalDescription: "server" }));
  app.use(compress());
  app.use(secureHeaders({
    contentSecurityPolicy: { ...contentSecurityPolicy, formAction: [...contentSecurityPolicy.formAction, ...stripeFormTargets(env)] },
    referrerPolicy: "same-origin",
    // A response that brings its own policy keeps it (the dev mailbox's email body, framed by our page);
    // every other response gets the one above.
    overwrite: false,
  }));
  app.route("/static", staticFiles);
  app.use(rejectUnlistedMethods(() => app.routes));

  app.use(async (c, next) => {
    c.set("db", database.db);
    c.set("dbKind", database.kind);
    c.set("env", env);
    await next();
    if (c.res.headers.get("Content-Type")?.startsWith("text/html")) {
      // One URL answers with a page or a fragment depending on HX-Request: caches must keep both apart.
      c.res.headers.append("Vary", "HX-Request, HX-Request-Type");
      c.res.headers.set("Cache-Control", "private, no-cache");
    }
  });
  app.use(pageRenderer);
  app.use(bodyLimit({ maxSize: 1024 * 1024 }));
  app.use(refuseUnstorableText);

  // Cookie-authenticated forms must come from our own pages (login and sign-up included: no login CSRF).
  // The API is exempt because loadSession accepts a cookie there only for reads.
  const appOrigin = new URL(env.appUrl).origin;
  const csrfGuard = csrf({ origin: (origin, c) => origin === appOrigin || origin === new URL(c.req.url).origin });
  // A reminder's unsubscribe link is exempt too: mail apps post it themselves from their own button
  // (RFC 8058 one-click), with no Origin of ours; it needs no session, and its URL alone is the credential.
  app.use((c, next) => (isApiPath(c.req.path) || oneClickUnsubscribe.test(c.req.path) ? next() : csrfGuard(c, next)));

  app.use(loadSession);
  app.use(startNavCounts);
  app.use(refuseWritesWhenLapsed);
  app.use(requestTransactions(app, database.poolSize));

  mountRoutes(app);
  return app;
}
