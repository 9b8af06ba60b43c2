import type { Client } from "../../src/db/schema.js";
import { ChoiceField, FormError, TextArea, TextField, type FieldErrors, type FormValues, SubmissionKey } from "../components/fields.js";

export const clientFormValues = (c: Client) => ({
  firstName: c.firstName, lastName: c.lastName, email: c.email ?? "", phone: c.phone ?? "",
  address: c.address ?? "", dateOfBirth: c.dateOfBirth ?? "", notes: c.notes ?? "", status: c.status,
});

type Props = { values: FormValues; errors?: FieldErrors; clientId?: string; today: string };

export const ClientForm = ({ values, errors, clientId, today }: Props) => (
  <form method="post" action={clientId ? `/clients/${clientId}` : "/clients"} class="card stack" id="client-form">
    {clientId ? null : <SubmissionKey value={values.submission} />}
    <FormError errors={errors} />
    <div class="two-up">
      <TextField name="firstName" label="First name" value={values.firstName} errors={errors} required maxlength={100} autocomplete="off" />
      <TextField name="lastName" label="Last name" value={values.lastName} errors={errors} required maxlength={100} autocomplete="off" />
    </div>
    <div class="two-up">
      <TextField name="email" label="Email" type="email" value={values.email} errors={errors} maxlength={254} autocomplete="off" />
      <TextField name="phone" label="Phone" type="tel" value={values.phone} errors={errors} maxlength={40} autocomplete="off" />
    </div>
    <TextArea name="address" label="Address" value={values.address} errors={errors} rows={2} maxlength={500} />
    <TextField name="dateOfBirth" label="Date of birth" type="date" value={values.dateOfBirth} errors={errors} max={today} min="1900-01-01" />
    <TextArea name="notes" label="Health notes" value={values.notes} errors={errors} rows={4} maxlength={5000}
      hint="Conditions, allergies, preferences: what you need to know before a session." />
    {clientId ? (
      <ChoiceField name="status" label="Status" value={values.status} errors={errors}
        choices={[["active", "Active"], ["inactive", "Inactive"], ["archived", "Archived"]]} />
    ) : null}
    <div class="actions">
      <button type="submit" class="primary">{clientId ? "Save client" : "Add client"}</button>
      <a href={clientId ? `/clients/${clientId}` : "/clients"}>Cancel</a>
    </div>
  </form>
);
