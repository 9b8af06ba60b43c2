import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { setFlash } from "../lib/flash.js";
import { resolveUnplacedBooking } from "../queries/unplaced-bookings.js";
import { withUnplacedBooking } from "../scopes.js";

// Mounted at /unplaced-bookings: a booking Calendly sent that clashed, marked dealt with (kept for the record).
export const unplacedBookings = new Hono<AppEnv>()
  .use(requireStaff)
  .post("/:bookingId/resolved", withUnplacedBooking, async (c) => {
    await resolveUnplacedBooking(c.var.db, c.var.practiceId, c.var.unplacedBooking.id);
    setFlash(c, `${c.var.unplacedBooking.inviteeName}'s Calendly booking is off the unplaced list.`);
    return c.redirect("/calendar", 303);
  });
