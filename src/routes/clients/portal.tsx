import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { inviteToPortal, loadPortalStatus, revokePortalAccess } from "../../domain/portal-invites.js";
import { setFlash } from "../../lib/flash.js";
import { isHtmx } from "../../lib/htmx.js";
import { findClient } from "../../queries/clients.js";
import { withClient } from "../../scopes.js";
import { ClientPortalSection } from "../../../views/clients/_portal.js";

// Mounted at /clients/:clientId/portal: staff invite a client to the portal, send the link again, or end access.

/** The section again with htmx (saying what happened in place), the client page with a flash without it. */
type ClientContext = Context<AppEnv & { Variables: { client: Client } }>;

async function answer(c: ClientContext, client: Client, said: string) {
  if (!isHtmx(c)) {
    setFlash(c, said);
    return c.redirect(`/clients/${client.id}#portal`, 303);
  }
  const status = await loadPortalStatus(c.var.db, c.var.practiceId, client);
  return c.html(<ClientPortalSection clientId={client.id} firstName={client.firstName} email={client.email} status={status}
    timezone={c.var.practice.timezone} notice={said} />);
}

export const clientPortal = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .post("/invite", async (c) => {
    const client = c.var.client;
    const invite = await inviteToPortal(c.var.db, c.var.practice, c.var.user!, client, c.var.env.appUrl);
    return answer(c, client, `Invitation sent to ${invite.email}. The link works once, for 7 days.`);
  })

  .post("/revoke", async (c) => {
    const before = c.var.client;
    await revokePortalAccess(c.var.db, c.var.practiceId, c.var.user!.id, before);
    const client = (await findClient(c.var.db, c.var.practiceId, before.id))!;
    const said = before.portalUserId ? `${client.firstName}'s portal access has ended.` : "The invitation is canceled: its link no longer works.";
    return answer(c, client, said);
  });
