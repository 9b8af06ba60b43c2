import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { calendarFeed, regenerateCalendarFeed } from "../domain/calendar-feed.js";
import { DomainError } from "../lib/errors.js";

// Public by design: calendar apps fetch the feed without cookies. The URL's secret is the credential.
export const calendarFeeds = new Hono<AppEnv>()
  .get("/feeds/:file", async (c) => {
    const token = c.req.param("file").replace(/\.ics$/, "");
    const feed = await calendarFeed(c.var.db, token);
    if (!feed) throw new DomainError("not_found", "This calendar link is not valid any more.");
    c.header("Content-Type", "text/calendar; charset=utf-8");
    c.header("Cache-Control", "private, max-age=300");
    return c.body(feed.ics);
  })

  // Shows the new URL once: only its hash is kept, so it cannot be shown again later.
  .post("/feed", requireStaff, async (c) => {
    const token = await regenerateCalendarFeed(c.var.db, c.var.practiceId, c.var.user!.id);
    const url = `${c.var.env.appUrl}/calendar/feeds/${token}.ics`;
    return c.render(
      <section class="card narrow">
        <h1>Your calendar feed</h1>
        <p>Add this address to Google Calendar, Apple Calendar or Outlook as a subscription ("From URL"). Anyone with it can see your sessions, so keep it private.</p>
        <label for="feed-url">Feed address</label>
        <input id="feed-url" readonly value={url} />
        <p class="muted small">This is the only time it is shown. Any older address has stopped working; make a new one from Settings if you lose it.</p>
        <p><a href="/settings">Back to settings</a></p>
      </section>,
      { title: "Calendar feed" },
    );
  });
