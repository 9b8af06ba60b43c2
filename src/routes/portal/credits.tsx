import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";
import { loadPortalCredits } from "../../pages/portal-credits.js";
import { PortalCredits } from "../../../views/portal/credits.js";

// Mounted at /portal/credits: the signed-in client's own credits (c.var.portal.client in c.var.portal.practice).
export const portalCredits = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", async (c) => {
    const { client, practice } = c.var.portal;
    const credits = await loadPortalCredits(c.var.db, practice.id, client.id);
    return c.render(<PortalCredits {...credits} timezone={practice.timezone} practiceName={practice.name} />, { title: "Credits" });
  });
