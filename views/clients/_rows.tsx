import type { Client } from "../../src/db/schema.js";
import type { ClientPage } from "../../src/queries/clients.js";
import { formatDateTime } from "../../src/lib/time.js";

export type ClientListParams = { q: string; status: string; sort: string };

const moreUrl = (params: ClientListParams, cursor: string) =>
  `/clients?${new URLSearchParams({ ...params, after: cursor })}`;

const ClientRow = ({ client, timezone }: { client: Client; timezone: string }) => (
  <tr>
    <td><a href={`/clients/${client.id}`}>{client.lastName}, {client.firstName}</a>
      {client.status !== "active" ? <span class={`badge ${client.status}`}>{client.status}</span> : null}</td>
    <td class="hide-narrow">{client.email ?? ""}</td>
    <td class="hide-narrow">{client.phone ?? ""}</td>
    <td>{client.lastVisitAt ? formatDateTime(client.lastVisitAt, timezone) : <span class="muted">—</span>}</td>
  </tr>
);

/** Rows plus, when there are more, a row that loads the next page in its own place. */
export const ClientRowsPage = ({ page, params, timezone }: { page: ClientPage; params: ClientListParams; timezone: string }) => (
  <>
    {page.clients.map((client) => <ClientRow client={client} timezone={timezone} />)}
    {page.nextCursor ? (
      <tr id="more-clients">
        <td colspan={4}>
          <a class="button" href={moreUrl(params, page.nextCursor)}
            hx-get={moreUrl(params, page.nextCursor)} hx-target="#more-clients" hx-swap="outerHTML">Show more clients</a>
        </td>
      </tr>
    ) : null}
  </>
);

/** The table body the search box and filters swap: the only thing that changes while typing. */
export const ClientRows = (props: { page: ClientPage; params: ClientListParams; timezone: string }) => (
  <tbody id="client-rows">
    {props.page.clients.length ? <ClientRowsPage {...props} /> : (
      <tr><td colspan={4} class="empty">{props.params.q ? `No client matches “${props.params.q}”.` : "No clients here yet."}</td></tr>
    )}
  </tbody>
);
