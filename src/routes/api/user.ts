import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { DomainError } from "../../lib/errors.js";
import { practiceJson, userJson } from "../../json-shapes.js";
import { listPortalAccounts } from "../../queries/portal-accounts.js";

// Who a token belongs to: staff get their practice; a portal client gets the practice (and client record) of
// their first portal account — the one whose id they may log metrics for over the API.
export const apiUser = new Hono<AppEnv>()
  .get("/me", async (c) => {
    const user = c.var.user;
    if (!user) throw new DomainError("unauthorized", "Sign in first: send Authorization: Bearer <token>.");
    if (c.var.membership) return c.json({ user: userJson(user, "practitioner"), practice: practiceJson(c.var.practice) });
    const [account] = await listPortalAccounts(c.var.db, user.id);
    if (!account) throw new DomainError("forbidden", "This account is not a member of any practice.");
    return c.json({ user: userJson(user, "client"), practice: practiceJson(account.practice), client: { id: account.client.id } });
  });
