import { priceExample } from "../../src/lib/fields.js";
import type { Service } from "../../src/db/schema.js";
import { formatMoney } from "../../src/lib/money.js";
import { FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

export const ServiceForm = ({ values, errors, serviceId, currency }: { values: FormValues; errors?: FieldErrors; serviceId?: string; currency: string }) => (
  <form method="post" action={serviceId ? `/services/${serviceId}` : "/services"} class="card stack" id="service-form">
    <h2>{serviceId ? "Edit service" : "New service"}</h2>
    <FormError errors={errors} />
    <TextField name="name" label="Name" value={values.name} errors={errors} required maxlength={120} hint="For example: 60-minute massage, Beginners yoga." />
    <TextArea name="description" label="Description" value={values.description} errors={errors} rows={2} maxlength={2000} />
    <div class="three-up">
      <TextField name="durationMinutes" label="Duration (minutes)" type="number" inputmode="numeric" min={5} max={1440} value={values.durationMinutes ?? 60} errors={errors} required />
      <TextField name="price" label={`Price (${currency})`} inputmode="decimal" value={values.price} errors={errors} required maxlength={20} hint={`For example ${priceExample(currency, ["45", "45.50"])}.`} />
      <TextField name="capacity" label="Capacity" type="number" inputmode="numeric" min={1} max={500} value={values.capacity ?? 1} errors={errors} required
        hint="1 for one-to-one; more for a group class." />
    </div>
    <TextField name="rebookAfterWeeks" label="Time to book again (weeks)" type="number" inputmode="numeric" min={1} max={104} value={values.rebookAfterWeeks} errors={errors}
      hint="Suggest a follow-up when a client's last visit was this service and nothing is booked this many weeks later. Empty: the practice's setting." />
    <div class="actions">
      <button type="submit" class="primary">{serviceId ? "Save service" : "Add service"}</button>
      {serviceId ? <a href="/services">Cancel</a> : null}
    </div>
  </form>
);

const ServiceRow = ({ service, currency }: { service: Service; currency: string }) => (
  <tr class={service.active ? "" : "inactive"}>
    <td><a href={`/services/${service.id}/edit`}>{service.name}</a>
      {service.active ? null : <span class="badge inactive">inactive</span>}
      {service.description ? <div class="muted small">{service.description}</div> : null}</td>
    <td>{service.durationMinutes} min</td>
    <td>{formatMoney(service.priceCents, currency)}</td>
    <td>{service.capacity === 1 ? "1:1" : `up to ${service.capacity}`}</td>
    <td>
      <form method="post" action={`/services/${service.id}/status`}>
        <input type="hidden" name="active" value={service.active ? "false" : "true"} />
        <button type="submit" aria-label={`${service.active ? "Deactivate" : "Reactivate"} ${service.name}`}>{service.active ? "Deactivate" : "Reactivate"}</button>
      </form>
    </td>
  </tr>
);

export const ServiceIndex = ({ services, currency, values = {}, errors }: { services: Service[]; currency: string; values?: FormValues; errors?: FieldErrors }) => (
  <>
    <p><a href="/settings">← Settings</a></p>
    <h1>Services</h1>
    <p class="muted">What you offer. A booking starts from a service's duration, price and capacity; you can change them per session.</p>
    {services.length ? (
      <div class="table-scroll"><table class="list">
        <thead><tr><th scope="col">Service</th><th scope="col">Duration</th><th scope="col">Price</th><th scope="col">Capacity</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>{services.map((s) => <ServiceRow service={s} currency={currency} />)}</tbody>
      </table></div>
    ) : <p class="empty card">No services yet: add your first one below.</p>}
    <ServiceForm values={values} errors={errors} currency={currency} />
  </>
);
