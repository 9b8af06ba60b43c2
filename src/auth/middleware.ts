import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";
import { DomainError } from "../lib/errors.js";
import { isApiPath } from "../lib/json-api.js";
import { isHtmx } from "../lib/htmx.js";
import { findStaffMembership } from "../queries/practices.js";
import { listPortalAccounts } from "../queries/portal-accounts.js";
import { SESSION_COOKIE, validateSessionToken } from "./session.js";
import { renewMessage, standingOf } from "../domain/subscription.js";

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/", httpOnly: true, sameSite: "Lax", secure: c.var.env.secureCookies, expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.var.env.secureCookies });
}

/** Which of a login's client records the portal shows (the practice switcher); only ever one of their own. */
export const PORTAL_CLIENT_COOKIE = "practice_portal_client";

export function choosePortalClient(c: Context<AppEnv>, clientId: string) {
  setCookie(c, PORTAL_CLIENT_COOKIE, clientId, { path: "/portal", httpOnly: true, sameSite: "Lax", secure: c.var.env.secureCookies, maxAge: 400 * 24 * 3600 });
}

function signInFirst(c: Context<AppEnv>) {
  const login = `/login?next=${encodeURIComponent(c.req.path)}`;
  if (isHtmx(c)) {
    c.header("HX-Redirect", login);
    return c.body(null, 401);
  }
  return c.redirect(login, 303);
}

function bearerToken(c: Context) {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * Finds who is asking. The API takes a Bearer token; a browser cookie counts there only for reads,
 * so a cookie can never authorise an API write that CSRF checks do not see.
 */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  c.set("session", null);
  const api = isApiPath(c.req.path);
  const bearer = api ? bearerToken(c) : null;
  const cookieAllowed = !api || c.req.method === "GET" || c.req.method === "HEAD";
  const token = bearer ?? (cookieAllowed ? getCookie(c, SESSION_COOKIE) : undefined);
  if (token) {
    const result = await validateSessionToken(c.var.db, token);
    if (result) {
      c.set("user", result.user);
      c.set("session", result.session);
      // Known this early so that the request's transaction is counted against its practice's share.
      const staff = await findStaffMembership(c.var.db, result.user.id);
      if (staff) {
        c.set("membership", staff.membership);
        c.set("practice", staff.practice);
        c.set("practiceId", staff.practice.id);
      }
      // The expiry slid forward (at most daily): the cookie follows it.
      if (!bearer && result.extended) setSessionCookie(c, token, result.session.expiresAt);
    } else if (!bearer) {
      clearSessionCookie(c);
    }
  }
  await next();
});

/** Staff pages and API: a signed-in user with a membership; sets the tenant for every query below. */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  // loadSession found the membership with the session, once per request.
  if (c.var.membership) return next();
  const user = c.var.user;
  if (!user) {
    if (isApiPath(c.req.path)) throw new DomainError("unauthorized", "Sign in first: send Authorization: Bearer <token>.");
    return signInFirst(c);
  }
  if (isApiPath(c.req.path)) throw new DomainError("forbidden", "This account is not a member of any practice.");
  // A client who followed a practitioner's link (or typed /) belongs in their portal, which explains itself.
  if (isHtmx(c)) {
    c.header("HX-Redirect", "/portal");
    return c.body(null, 403);
  }
  return c.redirect("/portal", 303);
});

/**
 * The client portal: a signed-in login that is a client of at least one practice. The record shown is the
 * one the switcher chose (a cookie, checked against the login's own records, so it can only pick among
 * them) or the oldest. Every portal query then takes `portal.practice.id` and `portal.client.id`.
 */
export const requireClient = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.var.user;
  if (!user) return signInFirst(c);
  const accounts = await listPortalAccounts(c.var.db, user.id);
  const chosen = accounts.find((a) => a.client.id === getCookie(c, PORTAL_CLIENT_COOKIE)) ?? accounts[0];
  if (!chosen) {
    if (c.var.membership) return c.redirect("/", 303);
    throw new DomainError("forbidden", "This login has no portal access. If your practice ended it by mistake, ask them for a new invitation.");
  }
  c.set("portal", {
    client: chosen.client, practice: chosen.practice,
    accounts: accounts.map((a) => ({ clientId: a.client.id, practiceName: a.practice.name })),
  });
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD" && standingOf(chosen.practice, c.var.env).state === "lapsed") {
    throw new DomainError("subscription_required", `${chosen.practice.name}'s account is paused, so nothing can be changed here for now. Please contact them directly.`);
  }
  await next();
});

export const requireOwner = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.membership?.role !== "owner") throw new DomainError("forbidden", "Only the practice owner can change this.");
  await next();
});

/** What a lapsed practice may still post: signing in and out, and renewing; and a client paying a pay link on a staff device. */
const RENEWAL_PATHS = [/^\/(login|signup|logout)$/, /^\/settings\/billing(\/|$)/, /^\/api\/subscription(\/|$)/, /^\/api\/auth\//, /^\/pay\//];

/**
 * A lapsed subscription: reads and exports go on; every create or change answers the renew message
 * (402), decided here once for every route, so no new route can forget it.
 */
export const refuseWritesWhenLapsed = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS" || !c.var.practice) return next();
  if (RENEWAL_PATHS.some((path) => path.test(c.req.path))) return next();
  const standing = standingOf(c.var.practice, c.var.env);
  if (standing.state === "lapsed") throw new DomainError("subscription_required", renewMessage(standing));
  await next();
});
