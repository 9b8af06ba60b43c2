import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { choosePortalClient, requireClient } from "../../auth/middleware.js";
import { DomainError } from "../../lib/errors.js";
import { readForm } from "../../lib/forms.js";

// Mounted at /portal: the client's home, and the practice switcher for a person who is a client of several.
export const portalHome = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", (c) => c.render(<h1>Welcome, {c.var.portal.client.firstName}</h1>, { title: "Home" }))

  .post("/practice", async (c) => {
    const { clientId } = await readForm(c);
    const account = c.var.portal.accounts.find((a) => a.clientId === clientId);
    if (!account) throw new DomainError("not_found", "You are not a client of that practice.");
    choosePortalClient(c, account.clientId);
    return c.redirect("/portal", 303);
  });
