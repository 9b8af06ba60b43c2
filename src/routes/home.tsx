import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { todayIn, weekOf } from "../lib/time.js";
import { HomePage } from "../../views/home/index.js";

// Mounted at "/": middleware goes on the route, because a .use() here would guard every path of the app.
export const home = new Hono<AppEnv>()
  .get("/", requireStaff, (c) => {
    const { name, timezone } = c.var.practice;
    const today = todayIn(timezone);
    return c.render(<HomePage practiceName={name} timezone={timezone} today={today} days={weekOf(today)} />, { title: "This week" });
  });
