import type { PromptClient, SessionPrompt } from "../../src/pages/follow-ups-page.js";
import { formatDay, formatTime, isRealDate, localParts } from "../../src/lib/time.js";
import { FormError, SubmissionKey, type FieldErrors, type FormValues } from "../components/fields.js";
import { FollowUpFields } from "./_form.js";
import { typeLabel } from "./_row.js";

/** "2026-03-15T10:00" as "Sun 15 Mar, 10:00"; anything else (a typed value being corrected) as typed. */
function dueWords(value: unknown) {
  const [date = "", time = ""] = String(value ?? "").split("T");
  return isRealDate(date) && /^\d{2}:\d{2}$/.test(time) ? `${formatDay(date)}, ${time}` : String(value ?? "");
}

/** One client's part of the prompt: their follow-ups from this session, or the prefilled offer (one tap to accept, or edit first). */
export const PromptItem = ({ prompt, client, timezone, values, errors }: {
  prompt: SessionPrompt; client: PromptClient; timezone: string; values?: FormValues; errors?: FieldErrors;
}) => {
  const id = `prompt-${client.clientId}`;
  const url = `/clients/${client.clientId}/follow-ups`;
  const v = values ?? prompt.defaults;
  return (
    <li id={id} class="prompt-item">
      <p><strong>{client.clientName}</strong>{" "}
        <a href={`/clients/${client.clientId}?note=${prompt.sessionId}#new-note-form`}>Write the SOAP note<span class="visually-hidden"> for {client.clientName}</span></a></p>
      {client.followUps.length ? (
        <ul class="small">
          {client.followUps.map((f) => (
            <li>{typeLabel[f.followUp.type]} {f.followUp.completedAt ? "done" : `due ${formatDay(localParts(f.followUp.dueAt, timezone).date)}, ${formatTime(f.followUp.dueAt, timezone)}`}
              {f.followUp.notes ? `: ${f.followUp.notes}` : ""} · <a href={`/clients/${client.clientId}#follow-ups`}>follow-ups</a></li>
          ))}
        </ul>
      ) : (
        <form method="post" action={url} hx-post={url} hx-target={`#${id}`} hx-swap="outerHTML" class="stack">
          <FormError errors={errors} />
          <SubmissionKey value={v.submission} />
          <input type="hidden" name="from" value="session" />
          <input type="hidden" name="sessionId" value={prompt.sessionId} />
          <p class="small">{typeLabel[String(v.type)] ?? "Call"}: {String(v.notes || "follow-up")}, due {dueWords(v.due)}</p>
          <details open={errors ? true : undefined}>
            <summary>Edit</summary>
            <FollowUpFields values={v} errors={errors} members={prompt.members} idPrefix={`${id}-`} />
          </details>
          <div class="actions">
            <button type="submit" class="primary">Add follow-up<span class="visually-hidden"> for {client.clientName}</span></button>
          </div>
        </form>
      )}
    </li>
  );
};

/**
 * Shown in place after "Mark completed" (a prompt, with "Skip for now"), and on every later visit to a
 * completed session: the note to write and a follow-up per client who came.
 */
export const SessionFollowUpPrompt = ({ prompt, timezone }: { prompt: SessionPrompt; timezone: string }) => (
  <section id="follow-up-prompt" class={prompt.justCompleted === false ? "card" : "card prompt"} aria-labelledby="follow-up-prompt-heading">
    <h2 id="follow-up-prompt-heading">{prompt.justCompleted === false ? "Notes and follow-ups" : "Session completed: what next?"}</h2>
    {prompt.clients.length ? (
      <ul class="prompt-items">{prompt.clients.map((client) => <PromptItem prompt={prompt} client={client} timezone={timezone} />)}</ul>
    ) : <p class="empty">No one was booked into it.</p>}
    {prompt.justCompleted === false ? null : <p><a href={`/sessions/${prompt.sessionId}`} class="skip">Skip for now</a></p>}
  </section>
);
