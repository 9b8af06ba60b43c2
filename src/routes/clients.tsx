import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { clientOr404, clientForm, createClient, isUuid, updateClient } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { todayIn } from "../lib/time.js";
import { findClientsByIds, listClients } from "../queries/clients.js";
import { ClientPickerOptions } from "../../views/clients/_picker.js";
import { listCurrentNotes } from "../queries/soap-notes.js";
import { listClientBookings } from "../queries/sessions.js";
import { clientProgramsSection } from "./client-programs.js";
import { clientMetricsSection } from "./client-metrics.js";
import { ClientForm, clientFormValues } from "../../views/clients/form.js";
import { ClientIndex } from "../../views/clients/index.js";
import { ClientRows, ClientRowsPage } from "../../views/clients/_rows.js";
import { ClientShow } from "../../views/clients/show.js";

// Unknown filter values fall back to the defaults: a hand-edited URL shows a list, not an error.
export const clientListQuery = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  status: z.enum(["current", "active", "inactive", "archived", "all"]).catch("current").default("current"),
  sort: z.enum(["name", "last_visit"]).catch("name").default("name"),
  after: z.string().max(500).optional().catch(undefined),
});

const statusChange = z.object({ status: z.enum(["active", "inactive", "archived"], { error: "Choose active, inactive or archived." }) });

const today = (c: Context<AppEnv>) => todayIn(c.var.practice.timezone);

function renderForm(c: Context<AppEnv>, props: { values: Record<string, unknown>; errors?: Record<string, string>; clientId?: string }, status: 200 | 422 = 200) {
  c.status(status);
  const title = props.clientId ? "Edit client" : "New client";
  return c.render(<><h1>{title}</h1><ClientForm {...props} today={today(c)} /></>, { title });
}

/** A duplicate email is the one conflict a client form can hit: shown next to the email field. */
function conflictErrors(error: unknown) {
  if (error instanceof DomainError && error.code === "conflict") return error.fields ?? { _form: error.message };
  throw error;
}

export const clients = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const params = clientListQuery.parse(c.req.query());
    const page = await listClients(c.var.db, c.var.practiceId, params);
    const view = { page, params: { q: params.q, status: params.status, sort: params.sort }, timezone: c.var.practice.timezone };
    // The search box swaps the table body; "show more" appends rows in place of its own row.
    if (isHtmx(c)) return c.html(params.after ? <ClientRowsPage {...view} /> : <ClientRows {...view} />);
    return c.render(<ClientIndex {...view} />, { title: "Clients" });
  })

  .get("/new", (c) => renderForm(c, { values: {} }))

  // The client search inside booking forms: ticked clients first, then up to 20 matches.
  .get("/picker", async (c) => {
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const ticked = c.req.queries("clientIds")?.filter(isUuid) ?? [];
    const [selected, matches] = await Promise.all([
      findClientsByIds(c.var.db, c.var.practiceId, ticked),
      q ? listClients(c.var.db, c.var.practiceId, { q, limit: 20 }).then((p) => p.clients) : Promise.resolve([]),
    ]);
    return c.html(<ClientPickerOptions selected={selected} matches={matches} />);
  })

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = clientForm(today(c)).safeParse(values);
    if (!form.success) return renderForm(c, { values, errors: fieldErrors(form.error) }, 422);
    try {
      const client = await createClient(c.var.db, c.var.practiceId, c.var.user!.id, form.data);
      setFlash(c, `${client.firstName} ${client.lastName} added.`);
      return c.redirect(`/clients/${client.id}`, 303);
    } catch (error) {
      return renderForm(c, { values, errors: conflictErrors(error) }, 422);
    }
  })

  .get("/:clientId", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const [notes, bookings, programs, metrics] = await Promise.all([
      listCurrentNotes(c.var.db, c.var.practiceId, client.id),
      listClientBookings(c.var.db, c.var.practiceId, client.id, new Date()),
      clientProgramsSection(c, client.id),
      clientMetricsSection(c, client.id),
    ]);
    const page = <ClientShow client={client} notes={notes} bookings={bookings} programs={programs} metrics={metrics.section} timezone={c.var.practice.timezone} today={today(c)} />;
    return c.render(page, { title: `${client.firstName} ${client.lastName}`, charts: metrics.charts });
  })

  .get("/:clientId/edit", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    return renderForm(c, { values: clientFormValues(client), clientId: client.id });
  })

  .post("/:clientId", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const values = await readForm(c);
    const form = clientForm(today(c)).safeParse(values);
    if (!form.success) return renderForm(c, { values, errors: fieldErrors(form.error), clientId: client.id }, 422);
    try {
      await updateClient(c.var.db, c.var.practiceId, c.var.user!.id, client.id, form.data);
    } catch (error) {
      return renderForm(c, { values, errors: conflictErrors(error), clientId: client.id }, 422);
    }
    setFlash(c, "Client saved.");
    return c.redirect(`/clients/${client.id}`, 303);
  })

  // Archiving is a change of the client's status, a sub-resource, rather than an "archive" action.
  .post("/:clientId/status", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const form = statusChange.safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    await updateClient(c.var.db, c.var.practiceId, c.var.user!.id, client.id, { status: form.data.status });
    setFlash(c, form.data.status === "archived"
      ? `${client.firstName} ${client.lastName} is archived: hidden from the client list, nothing deleted.`
      : `${client.firstName} ${client.lastName} is ${form.data.status} again.`);
    return c.redirect(`/clients/${client.id}`, 303);
  });
