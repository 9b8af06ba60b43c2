import type { FollowUpView } from "../../src/queries/follow-ups.js";
import { formatDay, formatTime, localParts } from "../../src/lib/time.js";
import { FormError, type FieldErrors } from "../components/fields.js";

export const typeLabel: Record<string, string> = { call: "Call", email: "Email", sms: "Text", admin: "Admin" };

/** Where a row was drawn: its Complete and Snooze land back there without JavaScript. */
export type RowPlace = "list" | "client";

const when = (instant: Date, timezone: string) => `${formatDay(localParts(instant, timezone).date)}, ${formatTime(instant, timezone)}`;

/**
 * One follow-up, self-replacing: Complete and Snooze swap the row over htmx (a 303 back to the list or the
 * client page without JavaScript). A done row says when; an email follow-up offers its compose form.
 */
export const FollowUpRow = ({ view, timezone, place = "list", overdue, errors }: {
  view: FollowUpView; timezone: string; place?: RowPlace; overdue?: boolean; errors?: FieldErrors;
}) => {
  const { followUp } = view;
  const id = `follow-up-${followUp.id}`;
  const base = `/follow-ups/${followUp.id}`;
  const swap = { "hx-target": `#${id}`, "hx-swap": "outerHTML" };
  const done = followUp.completedAt !== null;
  return (
    <li id={id} class={`follow-up${done ? " done" : ""}${overdue ? " overdue" : ""}`}>
      <div class="follow-up-what">
        <span class={`badge type-${followUp.type}`}>{typeLabel[followUp.type]}</span>
        {place === "list" ? <a href={`/clients/${followUp.clientId}#follow-ups`}>{view.clientName}</a> : null}
        {followUp.notes ? <span class="follow-up-notes"> {followUp.notes}</span> : null}
      </div>
      <div class="small muted">
        {done ? <>Done <time datetime={followUp.completedAt!.toISOString()}>{when(followUp.completedAt!, timezone)}</time></>
          : <>Due <time datetime={followUp.dueAt.toISOString()}>{when(followUp.dueAt, timezone)}</time></>}
        {view.assigneeName ? <> · {view.assigneeName}</> : null}
        {followUp.sessionId ? <> · <a href={`/sessions/${followUp.sessionId}`}>session</a></> : null}
      </div>
      <FormError errors={errors} />
      {done ? null : (
        <div class="actions small">
          <form method="post" action={`${base}/complete`} hx-post={`${base}/complete`} {...swap} class="inline">
            <input type="hidden" name="from" value={place} />
            <button type="submit">Complete<span class="visually-hidden"> {typeLabel[followUp.type]} {view.clientName}</span></button>
          </form>
          {(["day", "week"] as const).map((by) => (
            <form method="post" action={`${base}/snooze`} hx-post={`${base}/snooze`} {...swap} class="inline">
              <input type="hidden" name="from" value={place} />
              <input type="hidden" name="by" value={by} />
              <input type="hidden" name="seen" value={followUp.dueAt.toISOString()} />
              <button type="submit" class="link-button">+1 {by}<span class="visually-hidden"> for {view.clientName}</span></button>
            </form>
          ))}
          {followUp.type === "email" ? <a href={`${base}/email?from=${place}`}>Write email<span class="visually-hidden"> to {view.clientName}</span></a> : null}
        </div>
      )}
    </li>
  );
};

export const FollowUpList = ({ views, timezone, place, overdue }: { views: FollowUpView[]; timezone: string; place?: RowPlace; overdue?: boolean }) => (
  <ul class="follow-ups">{views.map((view) => <FollowUpRow view={view} timezone={timezone} place={place} overdue={overdue} />)}</ul>
);
