import type { Program, ProgramPhase } from "../../src/db/schema.js";
import { minorToInput } from "../../src/lib/money.js";
import { FormError, TextArea, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

export const programEditValues = (p: Program, phases: ProgramPhase[], currency: string): FormValues => ({
  name: p.name, description: p.description ?? "", price: p.priceCents == null ? "" : minorToInput(p.priceCents, currency),
  validityDays: p.validityDays ?? "", startDate: p.startDate ?? "", endDate: p.endDate ?? "", closed: p.closed ? "on" : "",
  ...Object.fromEntries(phases.flatMap((ph) => [[`phaseName.${ph.id}`, ph.name], [`phasePosition.${ph.id}`, String(ph.position)]])),
});

/** A plan's phases: renamed, reordered by their numbers, removed when no session uses them, and new ones added. */
const PhaseRows = ({ phases, used, values, errors }: { phases: ProgramPhase[]; used: Map<string, number>; values: FormValues; errors?: FieldErrors }) => (
  <fieldset class="phases-edit">
    <legend>Phases</legend>
    {phases.map((ph) => (
      <div class="phase-row">
        <TextField name={`phasePosition.${ph.id}`} label="Order" type="number" inputmode="numeric" min={1} max={99} value={values[`phasePosition.${ph.id}`]} errors={errors} />
        <TextField name={`phaseName.${ph.id}`} label="Name" value={values[`phaseName.${ph.id}`]} errors={errors} maxlength={120} required />
        {used.get(ph.id) ? <p class="small muted">Used by {used.get(ph.id)} session{used.get(ph.id) === 1 ? "" : "s"}: it stays.</p> : (
          <label class="check"><input type="checkbox" name={`phaseRemove.${ph.id}`} checked={values[`phaseRemove.${ph.id}`] === "on"} /> Remove {ph.name}</label>
        )}
        {errors?.[`phaseRemove.${ph.id}`] ? <p class="error">{errors[`phaseRemove.${ph.id}`]}</p> : null}
      </div>
    ))}
    <TextArea name="newPhases" label="Add phases, one per line" value={values.newPhases} errors={errors} rows={2} maxlength={2000} />
  </fieldset>
);

export const ProgramEditPage = ({ program, phases, used, values, errors, currency }: {
  program: Program; phases: ProgramPhase[]; used: Map<string, number>; values: FormValues; errors?: FieldErrors; currency: string;
}) => (
  <>
    <p><a href={`/programs/${program.id}`}>← {program.name}</a></p>
    <h1>Edit {program.name}</h1>
    <form method="post" action={`/programs/${program.id}`} class="card stack" id="program-edit-form">
      <FormError errors={errors} />
      <TextField name="name" label="Name" value={values.name} errors={errors} required maxlength={120} />
      <TextArea name="description" label="Description" value={values.description} errors={errors} rows={2} maxlength={2000} />
      <div class="two-up">
        <TextField name="price" label={`Price (${currency})`} inputmode="decimal" value={values.price} errors={errors} maxlength={20}
          hint="For the next sale; enrollments already sold keep theirs." />
        {program.type === "package" ? <TextField name="validityDays" label="Valid for (days)" type="number" inputmode="numeric" min={1} max={3660}
          value={values.validityDays} errors={errors} hint="Empty: no expiry. Applies to packages sold from now on." /> : null}
      </div>
      <div class="two-up">
        <TextField name="startDate" label="Starts" type="date" value={values.startDate} errors={errors} />
        <TextField name="endDate" label="Ends" type="date" value={values.endDate} errors={errors} />
      </div>
      {program.type === "group_series" ? <label class="check"><input type="checkbox" name="closed" value="on" checked={values.closed === "on"} /> Closed: only enrolled clients may attend</label> : null}
      {program.type === "plan" ? <PhaseRows phases={phases} used={used} values={values} errors={errors} /> : null}
      <button type="submit" class="primary">Save changes</button>
    </form>
  </>
);
