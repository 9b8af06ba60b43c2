import { Hono } from "hono";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { changeSession, createSessions } from "../../../domain/booking.js";
import { sessionListQuery } from "../../../domain/api-input.js";
import { setSessionStatus } from "../../../domain/session-status.js";
import { resolveSessionValues, sessionApiBody, sessionPatchBody } from "../../../domain/session-input.js";
import { sessionJson } from "../../../json-shapes.js";
import { DomainError } from "../../../lib/errors.js";
import { readJson } from "../../../lib/json-api.js";
import { findSessionView, listSessionViews } from "../../../queries/sessions.js";
import { withSession } from "../../../scopes.js";

const MAX_RANGE_DAYS = 92;
const DAY_MS = 86_400_000;

export const apiSessions = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const query = sessionListQuery.safeParse(c.req.query());
    if (!query.success) throw new DomainError("validation_failed", query.error.issues[0]!.message);
    const from = query.data.from ? new Date(query.data.from) : new Date();
    const to = query.data.to ? new Date(query.data.to) : new Date(from.getTime() + 7 * DAY_MS);
    if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new DomainError("validation_failed", `to must be after from, at most ${MAX_RANGE_DAYS} days later.`);
    }
    const views = await listSessionViews(c.var.db, c.var.practiceId, from, to, { practitionerId: query.data.practitionerId });
    return c.json({ sessions: views.map((v) => sessionJson(v.session, v.attendees)), nextCursor: null });
  })

  .post("/", async (c) => {
    const body = await readJson(c, sessionApiBody);
    const practice = c.var.practice;
    const values = await resolveSessionValues(c.var.db, practice, {
      serviceId: body.serviceId ?? null, practitionerId: body.practitionerId ?? c.var.user!.id, title: body.title ?? null,
      start: new Date(body.startTime), end: body.endTime ? new Date(body.endTime) : null, capacity: body.capacity ?? null,
      location: body.location ?? null, notes: body.notes ?? null, programId: body.programId ?? null, phaseId: body.phaseId ?? null,
    });
    const [session] = await createSessions(c.var.db, practice, c.var.user!.id, [values], body.clientIds ?? []);
    const view = (await findSessionView(c.var.db, practice.id, session!.id))!;
    return c.json({ session: sessionJson(view.session, view.attendees) }, 201);
  })

  .patch("/:sessionId", withSession, async (c) => {
    const sessionId = c.var.sessionView.session.id;
    const { status, cancelReason, canceledBy, startTime, endTime, ...details } = await readJson(c, sessionPatchBody);
    // A move and a status change in one request land together or not at all.
    const outcome = await c.var.db.transaction(async (tx) => {
      if (startTime || endTime || Object.keys(details).length) {
        await changeSession(tx, c.var.practice, c.var.user!.id, sessionId, {
          ...details, ...(startTime ? { startTime: new Date(startTime) } : {}), ...(endTime ? { endTime: new Date(endTime) } : {}),
        });
      }
      return status ? setSessionStatus(tx, c.var.practice, c.var.user!.id, sessionId, { status, cancelReason, canceledBy }) : null;
    });
    const view = (await findSessionView(c.var.db, c.var.practiceId, sessionId))!;
    return c.json({ session: sessionJson(view.session, view.attendees), ...(outcome?.leftOut.length ? { leftOut: outcome.leftOut } : {}) });
  });
