import type { Client } from "../../src/db/schema.js";

/**
 * Client search inside another form (booking, adding attendees): ticked clients stay ticked while the
 * search changes, because the request includes them and they are rendered first.
 */
export const ClientPickerOptions = ({ selected, matches, name = "clientIds" }: { selected: Client[]; matches: Client[]; name?: string }) => {
  const selectedIds = new Set(selected.map((c) => c.id));
  const rest = matches.filter((c) => !selectedIds.has(c.id));
  return (
    <div id="client-options" class="picker-options">
      {[...selected, ...rest].map((c) => (
        <label class="check">
          <input type="checkbox" name={name} value={c.id} checked={selectedIds.has(c.id)} />
          {c.firstName} {c.lastName}{c.email ? <span class="muted small"> {c.email}</span> : null}
        </label>
      ))}
      {selected.length + rest.length ? null : <p class="muted small">Type a name to find clients.</p>}
    </div>
  );
};

export const ClientPicker = ({ selected, matches, q, legend }: { selected: Client[]; matches: Client[]; q: string; legend: string }) => (
  <fieldset class="picker">
    <legend>{legend}</legend>
    <label for="client-search">Find a client</label>
    <input id="client-search" name="q" type="search" value={q} autocomplete="off" maxlength={100} placeholder="Name, email or phone"
      hx-get="/clients/picker" hx-trigger="input changed delay:300ms, search" hx-include="#client-options input:checked"
      hx-target="#client-options" hx-swap="outerHTML" />
    <ClientPickerOptions selected={selected} matches={matches} />
  </fieldset>
);
