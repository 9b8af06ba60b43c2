import type { Program, Service } from "../../src/db/schema.js";
import { formatMoney } from "../../src/lib/money.js";
import { ChoiceField, FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

export const programTypeLabel: Record<string, string> = { group_series: "Group series", plan: "1:1 plan", package: "Package" };

export const ProgramForm = ({ values, errors, services, currency }: { values: FormValues; errors?: FieldErrors; services: Service[]; currency: string }) => (
  <form method="post" action="/programs" class="card stack" id="program-form">
    <h2>New program</h2>
    <FormError errors={errors} />
    <ChoiceField name="type" label="Type" value={values.type ?? "package"} errors={errors} required
      choices={[["package", "Package: N session credits"], ["group_series", "Group series: a cohort with its own sessions"], ["plan", "1:1 plan: a treatment plan with phases"]]} />
    <TextField name="name" label="Name" value={values.name} errors={errors} required maxlength={120} hint="For example: 5 × 60-minute massage, 6-week back care, Knee rehab." />
    <TextArea name="description" label="Description" value={values.description} errors={errors} rows={2} maxlength={2000} />
    <div class="three-up">
      <TextField name="sessionsCount" label="Number of sessions" type="number" inputmode="numeric" min={1} max={500} value={values.sessionsCount} errors={errors}
        hint="Packages: the credits sold." />
      <TextField name="price" label={`Price (${currency})`} inputmode="decimal" value={values.price} errors={errors} maxlength={20} />
      <TextField name="validityDays" label="Valid for (days)" type="number" inputmode="numeric" min={1} max={3660} value={values.validityDays} errors={errors}
        hint="Packages: empty means no expiry." />
    </div>
    <ChoiceField name="serviceId" label="Credits are for" value={values.serviceId} errors={errors}
      choices={[["", "Any service"], ...services.map((s) => [s.id, s.name] as const)]} hint="Packages only." />
    <div class="two-up">
      <TextField name="startDate" label="Starts" type="date" value={values.startDate} errors={errors} />
      <TextField name="endDate" label="Ends" type="date" value={values.endDate} errors={errors} />
    </div>
    <label class="check"><input type="checkbox" name="closed" value="on" checked={values.closed === "on"} /> Closed: only enrolled clients may attend (group series)</label>
    <TextArea name="phases" label="Phases, one per line (1:1 plans)" value={values.phases} errors={errors} rows={3} maxlength={2000}
      hint="For example: Assessment, Intensive, Maintenance." />
    <button type="submit" class="primary">Create program</button>
  </form>
);

type Row = { program: Program; activeEnrollments: number; revenueCents: number };

export const ProgramIndex = ({ programs, services, currency, values = {}, errors }: { programs: Row[]; services: Service[]; currency: string; values?: FormValues; errors?: FieldErrors }) => (
  <>
    <h1>Programs</h1>
    {programs.length ? (
      <div class="table-scroll"><table class="list">
        <thead><tr><th scope="col">Program</th><th scope="col">Type</th><th scope="col">Price</th><th scope="col">Revenue</th><th scope="col">Active participants</th></tr></thead>
        <tbody>
          {programs.map(({ program, activeEnrollments, revenueCents }) => (
            <tr>
              <td><a href={`/programs/${program.id}`}>{program.name}</a>{program.closed ? <span class="badge">closed</span> : null}</td>
              <td>{programTypeLabel[program.type]}{program.type === "package" ? ` · ${program.sessionsCount} sessions` : ""}</td>
              <td>{program.priceCents != null ? formatMoney(program.priceCents, currency) : "—"}</td>
              <td>{formatMoney(revenueCents, currency)}</td>
              <td>{activeEnrollments}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
    ) : <p class="card empty">No programs yet: sell packages, run a course, or plan a treatment below.</p>}
    <ProgramForm values={values} errors={errors} services={services} currency={currency} />
  </>
);
