import type { FollowUpView } from "../../src/queries/follow-ups.js";
import { FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

/** Compose an email follow-up: sending writes it to the outbox and completes the follow-up. */
export const FollowUpEmailForm = ({ view, values, errors, from }: { view: FollowUpView; values: FormValues; errors?: FieldErrors; from: string }) => {
  const url = `/follow-ups/${view.followUp.id}/email`;
  return (
    <>
      <p><a href={from === "client" ? `/clients/${view.followUp.clientId}#follow-ups` : "/follow-ups"}>← Back</a></p>
      <h1>Email {view.clientName}</h1>
      <form id="follow-up-email" method="post" action={url} class="card stack">
        <FormError errors={errors} />
        <input type="hidden" name="from" value={from} />
        <p class="small">To: {view.clientEmail ?? <strong>no email address on file</strong>}</p>
        <TextField name="subject" label="Subject" value={values.subject} errors={errors} required maxlength={200} />
        <TextArea name="body" label="Message" value={values.body} errors={errors} rows={8} maxlength={5000} required />
        <p class="hint">Replies go to your own email address. Sending completes the follow-up.</p>
        <button type="submit" class="primary">Send email</button>
      </form>
    </>
  );
};
