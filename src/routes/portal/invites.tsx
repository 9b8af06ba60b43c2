import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";

// Mounted at /portal/invite: the link in an invitation email. Public: the token is the credential.
export const portalInvites = new Hono<AppEnv>();
