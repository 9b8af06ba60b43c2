import type { FollowUpsPage as PageData } from "../../src/pages/follow-ups-page.js";
import type { RebookSuggestion } from "../../src/queries/follow-ups.js";
import { formatDate, localParts } from "../../src/lib/time.js";
import { FollowUpList } from "./_row.js";

const Bucket = ({ id, title, views, timezone, empty, overdue }: { id: string; title: string; views: PageData["today"]; timezone: string; empty: string; overdue?: boolean }) => (
  <section id={id} class="card" aria-labelledby={`${id}-heading`}>
    <h2 id={`${id}-heading`}>{title} <span class="muted small">{views.length}</span></h2>
    {views.length ? <FollowUpList views={views} timezone={timezone} overdue={overdue} /> : <p class="empty">{empty}</p>}
  </section>
);

/** "Time to book again": one tap to make it a call, or to dismiss it until the next visit. */
export const SuggestionRow = ({ s, timezone }: { s: RebookSuggestion; timezone: string }) => {
  const id = `suggestion-${s.clientId}`;
  const base = `/clients/${s.clientId}/follow-ups`;
  const swap = { "hx-target": `#${id}`, "hx-swap": "outerHTML" };
  return (
    <li id={id} class="follow-up suggestion">
      <div class="follow-up-what"><a href={`/clients/${s.clientId}`}>{s.clientName}</a></div>
      <div class="small muted">Last visit {formatDate(localParts(s.lastVisitAt, timezone).date)} · nothing booked ({s.weeks} weeks)</div>
      <div class="actions small">
        <form method="post" action={`${base}/rebook`} hx-post={`${base}/rebook`} {...swap} class="inline">
          <button type="submit">Add follow-up<span class="visually-hidden"> for {s.clientName}</span></button>
        </form>
        <form method="post" action={`${base}/rebook-dismissal`} hx-post={`${base}/rebook-dismissal`} {...swap} class="inline">
          <button type="submit" class="link-button">Dismiss<span class="visually-hidden"> {s.clientName}</span></button>
        </form>
      </div>
    </li>
  );
};

/** What a suggestion's row becomes after a tap. */
export const SuggestionDone = ({ clientId, text }: { clientId: string; text: string }) => (
  <li id={`suggestion-${clientId}`} class="follow-up suggestion done"><span class="small">{text}</span></li>
);

export const FollowUpsPage = ({ page, timezone }: { page: PageData; timezone: string }) => (
  <>
    <div class="page-head">
      <h1>Follow-ups</h1>
      <nav class="actions small" aria-label="Follow-up lists">
        {page.done ? <a href="/follow-ups">Open follow-ups</a> : <a href="/follow-ups?show=done">Done</a>}
      </nav>
    </div>
    {page.done ? (
      <section id="done" class="card" aria-labelledby="done-heading">
        <h2 id="done-heading">Done</h2>
        {page.done.length ? <FollowUpList views={page.done} timezone={timezone} /> : <p class="empty">Nothing completed yet.</p>}
      </section>
    ) : (
      <>
        <Bucket id="overdue" title="Overdue" views={page.overdue} timezone={timezone} empty="Nothing overdue." overdue />
        <Bucket id="due-today" title="Due today" views={page.today} timezone={timezone} empty="Nothing due today." />
        <Bucket id="upcoming" title="Upcoming" views={page.upcoming} timezone={timezone} empty="Nothing planned." />
        {page.suggestions.length ? (
          <section id="suggested" class="card" aria-labelledby="suggested-heading">
            <h2 id="suggested-heading">Suggested: time to book again</h2>
            <ul class="follow-ups">{page.suggestions.map((s) => <SuggestionRow s={s} timezone={timezone} />)}</ul>
          </section>
        ) : null}
        <p class="muted small">Add a follow-up from a client's page or after completing a session.</p>
      </>
    )}
  </>
);
