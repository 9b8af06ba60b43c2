import type { ClientPage } from "../../src/queries/clients.js";
import { ClientRows, type ClientListParams } from "./_rows.js";

const statusChoices = [["current", "Active and inactive"], ["active", "Active"], ["inactive", "Inactive"], ["archived", "Archived"], ["all", "All"]] as const;
const sortChoices = [["name", "Name"], ["last_visit", "Last visit"]] as const;

// Each control asks for the table body only and pushes its URL, so reload and back keep the search.
const swapRows = { "hx-get": "/clients", "hx-include": "closest form", "hx-target": "#client-rows", "hx-swap": "outerHTML", "hx-push-url": "true" };

export const ClientIndex = ({ page, params, timezone }: { page: ClientPage; params: ClientListParams; timezone: string }) => (
  <>
    <div class="page-head">
      <h1>Clients</h1>
      <a class="button primary" href="/clients/new">New client</a>
    </div>
    <form method="get" action="/clients" class="filters" role="search">
      <div class="field grow">
        <label for="q">Search</label>
        <input id="q" name="q" type="search" value={params.q} placeholder="Name, email or phone" autocomplete="off" maxlength={100}
          {...swapRows} hx-trigger="input changed delay:300ms, search" />
      </div>
      <div class="field">
        <label for="status">Show</label>
        <select id="status" name="status" {...swapRows} hx-trigger="change">
          {statusChoices.map(([v, l]) => <option value={v} selected={v === params.status}>{l}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="sort">Sort by</label>
        <select id="sort" name="sort" {...swapRows} hx-trigger="change">
          {sortChoices.map(([v, l]) => <option value={v} selected={v === params.sort}>{l}</option>)}
        </select>
      </div>
      <noscript><button type="submit">Search</button></noscript>
    </form>
    <div class="table-scroll"><table class="list">
      <thead><tr><th scope="col">Name</th><th scope="col" class="hide-narrow">Email</th><th scope="col" class="hide-narrow">Phone</th><th scope="col">Last visit</th></tr></thead>
      <ClientRows page={page} params={params} timezone={timezone} />
    </table></div>
  </>
);
