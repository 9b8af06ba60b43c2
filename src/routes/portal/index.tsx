import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { choosePortalClient, requireClient } from "../../auth/middleware.js";
import { DomainError } from "../../lib/errors.js";
import { readForm } from "../../lib/forms.js";
import { loadPortalHome } from "../../pages/portal-home.js";
import { PortalHome } from "../../../views/portal/home.js";

// Mounted at /portal: the client's home, and the practice switcher for a person who is a client of several.
export const portalHome = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", async (c) => {
    const { client, practice } = c.var.portal;
    const home = await loadPortalHome(c.var.db, practice, client.id);
    return c.render(<PortalHome {...home} firstName={client.firstName} practiceName={practice.name} timezone={practice.timezone} />, { title: "Home" });
  })

  .post("/practice", async (c) => {
    const { clientId } = await readForm(c);
    const account = c.var.portal.accounts.find((a) => a.clientId === clientId);
    if (!account) throw new DomainError("not_found", "You are not a client of that practice.");
    choosePortalClient(c, account.clientId);
    return c.redirect("/portal", 303);
  });
