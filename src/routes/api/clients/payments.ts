import { Hono } from "hono";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { paymentApiBody } from "../../../domain/api-input.js";
import { recordPayment } from "../../../domain/payments.js";
import { paymentJson } from "../../../json-shapes.js";
import { readJson } from "../../../lib/json-api.js";
import { listClientPayments } from "../../../queries/payments.js";
import { withClient } from "../../../scopes.js";

// Mounted at /api/clients/:clientId/payments: the same rules as the client page's form (src/domain/payments.ts).
export const apiClientPayments = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .get("/", async (c) => {
    const rows = await listClientPayments(c.var.db, c.var.practiceId, c.var.client.id, 200);
    return c.json({ payments: rows.map((row) => paymentJson(row.payment)), nextCursor: null });
  })

  .post("/", async (c) => {
    const { attendeeId, enrollmentId, paidAt, note, ...body } = await readJson(c, paymentApiBody);
    const item = attendeeId ? { attendeeId } : enrollmentId ? { enrollmentId } : null;
    const payment = await recordPayment(c.var.db, c.var.practice, c.var.user!.id, {
      ...body, clientId: c.var.client.id, item, paidAt: paidAt ? new Date(paidAt) : new Date(), note: note ?? null,
    });
    return c.json({ payment: paymentJson(payment) }, 201);
  });
