import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { NotYetPage } from "../../views/sections/not-yet.js";

// Nav sections whose issues have not landed yet. Each later issue replaces its entry with a real route.
const sections: Record<string, { title: string; description: string }> = {
};

export const notYet = new Hono<AppEnv>();
for (const [path, section] of Object.entries(sections)) {
  notYet.get(path, requireStaff, (c) => c.render(<NotYetPage {...section} />, { title: section.title }));
}
