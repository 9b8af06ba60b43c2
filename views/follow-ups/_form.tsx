import type { Member } from "../../src/pages/follow-ups-page.js";
import { ChoiceField, FormError, SubmissionKey, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

const typeChoices = [["call", "Call"], ["email", "Email"], ["sms", "Text message"], ["admin", "Admin"]] as const;

/** The follow-up's fields, shared by the client page's form and the session prompt; `idPrefix` keeps ids unique. */
export const FollowUpFields = ({ values, errors, members, idPrefix = "" }: { values: FormValues; errors?: FieldErrors; members: Member[]; idPrefix?: string }) => (
  <>
    <div class="two-up">
      <LabeledChoice name="type" id={`${idPrefix}type`} label="Type" value={values.type} errors={errors} choices={typeChoices} />
      <TextField name="due" idPrefix={idPrefix} label="Due" type="datetime-local" value={values.due} errors={errors} required />
    </div>
    <TextField name="notes" idPrefix={idPrefix} label="Notes" value={values.notes} errors={errors} maxlength={500} />
    <LabeledChoice name="assigneeId" id={`${idPrefix}assigneeId`} label="Assigned to" value={values.assigneeId} errors={errors}
      choices={[["", "Anyone"], ...members.map((m) => [m.id, m.fullName] as const)]} />
  </>
);

/** A select whose id can differ from its name (the prompt repeats the form once per client). */
function LabeledChoice({ name, id, label, value, errors, choices }: {
  name: string; id: string; label: string; value: unknown; errors?: FieldErrors; choices: ReadonlyArray<readonly [string, string]>;
}) {
  if (id === name) return <ChoiceField name={name} label={label} value={value} errors={errors} choices={choices} />;
  const error = errors?.[name];
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? "true" : undefined}>
        {choices.map(([v, text]) => <option value={v} selected={v === String(value ?? "")}>{text}</option>)}
      </select>
      {error ? <p class="error">{error}</p> : null}
    </div>
  );
}

/** The add form of the client page's section. */
export const NewFollowUpForm = ({ clientId, values, errors, members }: { clientId: string; values: FormValues; errors?: FieldErrors; members: Member[] }) => (
  <details class="new-follow-up" open={errors ? true : undefined}>
    <summary>Add a follow-up</summary>
    <form method="post" action={`/clients/${clientId}/follow-ups`} hx-post={`/clients/${clientId}/follow-ups`} hx-target="#follow-ups" hx-swap="outerHTML" class="stack">
      <FormError errors={errors} />
      <SubmissionKey value={values.submission} />
      <input type="hidden" name="from" value="client" />
      <FollowUpFields values={values} errors={errors} members={members} idPrefix="follow-up-" />
      <button type="submit" class="primary">Add follow-up</button>
    </form>
  </details>
);
