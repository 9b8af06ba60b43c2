import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { clientForm, createClient, updateClient } from "../../domain/clients.js";
import { DomainError, formFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, submissionOf } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { todayIn } from "../../lib/time.js";
import { loadClientPage } from "../../pages/client-page.js";
import { findClientsByIds, listClients } from "../../queries/clients.js";
import { withClient } from "../../scopes.js";
import { ClientPickerOptions } from "../../../views/clients/_picker.js";
import { ClientForm, clientFormValues } from "../../../views/clients/form.js";
import { ClientIndex } from "../../../views/clients/index.js";
import { ClientRows, ClientRowsPage } from "../../../views/clients/_rows.js";
import { archiveClientConsequence, ClientShow } from "../../../views/clients/show.js";
import { ConfirmPage } from "../../../views/components/confirm.js";

// Unknown filter values fall back to the defaults: a hand-edited URL shows a list, not an error.
const clientListQuery = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  status: z.enum(["current", "active", "inactive", "archived", "all"]).catch("current").default("current"),
  sort: z.enum(["name", "last_visit"]).catch("name").default("name"),
  after: z.string().max(500).optional().catch(undefined),
});

const statusChange = z.object({ status: z.enum(["active", "inactive", "archived"], { error: "Choose active, inactive or archived." }) });

const today = <E extends AppEnv>(c: Context<E>) => todayIn(c.var.practice.timezone);

function renderForm<E extends AppEnv>(c: Context<E>, props: { values: Record<string, unknown>; errors?: Record<string, string>; clientId?: string }, status: ContentfulStatusCode = 200) {
  c.status(status);
  const title = props.clientId ? "Edit client" : "New client";
  return c.render(<><h1>{title}</h1><ClientForm {...props} today={today(c)} /></>, { title });
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
      const client = await createClient(c.var.db, c.var.practiceId, c.var.user!.id, form.data, submissionOf(values));
      setFlash(c, `${client.firstName} ${client.lastName} added.`);
      return c.redirect(`/clients/${client.id}`, 303);
    } catch (error) {
      const failed = formFailure(error, values);
      return renderForm(c, { values, errors: failed.errors }, failed.status);
    }
  })

  // One client: everything below is found through c.var.client. Registered after /new and /picker,
  // which answer first, so those words are never taken for a client id.
  .use("/:clientId/*", withClient)

  .get("/:clientId", async (c) => {
    const page = await loadClientPage(c.var.db, c.var.practice, c.var.env, c.var.client, c.var.user!.id);
    const { firstName, lastName } = c.var.client;
    return c.render(<ClientShow page={page} timezone={c.var.practice.timezone} payFor={c.req.query("pay")} noteFor={c.req.query("note")} />,
      { title: `${firstName} ${lastName}`, charts: page.charts });
  })

  .get("/:clientId/edit", (c) => renderForm(c, { values: clientFormValues(c.var.client), clientId: c.var.client.id }))

  .post("/:clientId", async (c) => {
    const { client } = c.var;
    const values = await readForm(c);
    const form = clientForm(today(c)).safeParse(values);
    if (!form.success) return renderForm(c, { values, errors: fieldErrors(form.error), clientId: client.id }, 422);
    try {
      await updateClient(c.var.db, c.var.practiceId, c.var.user!.id, client.id, form.data);
    } catch (error) {
      const failed = formFailure(error, values);
      return renderForm(c, { values, errors: failed.errors, clientId: client.id }, failed.status);
    }
    setFlash(c, "Client saved.");
    return c.redirect(`/clients/${client.id}`, 303);
  })

  // Archiving is a change of the client's status, a sub-resource, rather than an "archive" action.
  .post("/:clientId/status", async (c) => {
    const { client } = c.var;
    const values = await readForm(c);
    const form = statusChange.safeParse(values);
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    if (form.data.status === "archived" && values.confirmed !== "yes") {
      return c.render(<ConfirmPage title="Archive this client?" consequence={archiveClientConsequence(client)} action={`/clients/${client.id}/status`}
        values={values} yes="Yes, archive" back={`/clients/${client.id}`} />, { title: "Archive client" });
    }
    await updateClient(c.var.db, c.var.practiceId, c.var.user!.id, client.id, { status: form.data.status });
    setFlash(c, form.data.status === "archived"
      ? `${client.firstName} ${client.lastName} is archived: hidden from the client list, nothing deleted.`
      : `${client.firstName} ${client.lastName} is ${form.data.status} again.`);
    return c.redirect(`/clients/${client.id}`, 303);
  });
