import type { ClientFollowUpsSection } from "../../src/pages/follow-ups-page.js";
import type { FieldErrors, FormValues } from "../components/fields.js";
import { NewFollowUpForm } from "../follow-ups/_form.js";
import { FollowUpList } from "../follow-ups/_row.js";

/** The client page's follow-ups: open ones, each with Complete, and the add form. Swapped whole after an add. */
export const ClientFollowUps = ({ section, timezone, values, errors }: {
  section: ClientFollowUpsSection; timezone: string; values?: FormValues; errors?: FieldErrors;
}) => (
  <section id="follow-ups" class="card" aria-labelledby="follow-ups-heading">
    <h2 id="follow-ups-heading">Follow-ups</h2>
    {section.open.length ? <FollowUpList views={section.open} timezone={timezone} place="client" />
      : <p class="empty">Nothing to follow up.</p>}
    <NewFollowUpForm clientId={section.clientId} values={values ?? section.defaults} errors={errors} members={section.members} />
  </section>
);
