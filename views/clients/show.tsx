import type { Client } from "../../src/db/schema.js";
import { ageOn, formatDate } from "../../src/lib/time.js";
import type { ClientPage } from "../../src/pages/client-page.js";
import { MetricsSection } from "../metrics/client.js";
import { ClientNotificationsSection } from "../notifications/_log.js";
import { ClientCheckIns } from "./_check-ins.js";
import { ClientFollowUps } from "./_follow-ups.js";
import { ClientIntake } from "./_intake.js";
import { NotesSection } from "./_notes.js";
import { ClientPayments } from "./_payments.js";
import { ClientPortalSection } from "./_portal.js";
import { ClientPrograms } from "./_programs.js";
import { ClientSessions } from "./_sessions.js";

/** Said on the confirmation page before archiving (a plain form: the page asks, with or without JavaScript). */
export const archiveClientConsequence = (client: Client) =>
  `Archive ${client.firstName} ${client.lastName}? They leave the client list and the booking pickers; nothing is deleted, and you can unarchive them.`;

export const ClientHeader = ({ client, today }: { client: Client; today: string }) => (
  <header id="client-header" class="card client-header">
    <div class="page-head">
      <h1>{client.firstName} {client.lastName}
        {client.status !== "active" ? <span class={`badge ${client.status}`}>{client.status}</span> : null}</h1>
      <div class="actions">
        <a class="button" href={`/clients/${client.id}/edit`}>Edit</a>
        <a class="button" href="#new-note-form">New note</a>
        <form method="post" action={`/clients/${client.id}/status`}>
          <input type="hidden" name="status" value={client.status === "archived" ? "active" : "archived"} />
          <button type="submit">{client.status === "archived" ? "Unarchive" : "Archive"}</button>
        </form>
      </div>
    </div>
    <dl class="contact">
      {client.email ? <><dt>Email</dt><dd><a href={`mailto:${client.email}`}>{client.email}</a></dd></> : null}
      {client.phone ? <><dt>Phone</dt><dd><a href={`tel:${client.phone.replace(/[^\d+]/g, "")}`}>{client.phone}</a></dd></> : null}
      {client.dateOfBirth ? <><dt>Born</dt><dd>{formatDate(client.dateOfBirth)} (age {ageOn(client.dateOfBirth, today)})</dd></> : null}
      {client.address ? <><dt>Address</dt><dd class="pre">{client.address}</dd></> : null}
    </dl>
    {client.notes ? <div class="health-notes"><h2>Health notes</h2><p class="pre">{client.notes}</p></div> : null}
  </header>
);

export const ClientShow = ({ page: { client, today, bookings, programs, metrics, notes, payments, followUps, notifications, portal }, timezone, payFor, noteFor }: {
  page: ClientPage; timezone: string;
  /** "Record payment" from the Payments page: the item to preselect in the form. */
  payFor?: string;
  /** "Write the SOAP note" after a completed session: the session the new note is for. */
  noteFor?: string;
}) => (
  <>
    <p class="no-print"><a href="/clients">← Clients</a></p>
    <ClientHeader client={client} today={today} />
    {/* A long page on a phone: jump to a section; the ones used every day come first. */}
    <nav class="section-nav no-print" aria-label="On this page">
      <a href="#sessions">Sessions</a><a href="#notes">Notes</a><a href="#metrics">Progress</a><a href="#check-ins">Check-ins</a><a href="#programs">Programs</a>
      <a href="#payments">Payments</a><a href="#follow-ups">Follow-ups</a><a href="#notifications">Notifications</a><a href="#portal">Portal</a>
    </nav>
    <div class="client-sections">
      <ClientSessions clientId={client.id} {...bookings} timezone={timezone} />
      <ClientPrograms clientId={client.id} {...programs} timezone={timezone} />
    </div>
    <div id="notes">
      <NotesSection clientId={client.id} {...notes} timezone={timezone}
        formValues={noteFor && notes.sessions.some((b) => b.session.id === noteFor) ? { sessionId: noteFor } : undefined} />
      {/* Clinical data like the notes: shown wherever they are. */}
      <ClientIntake intake={client.intake} timezone={timezone} />
    </div>
    <MetricsSection clientId={client.id} {...metrics} timezone={timezone} />
    <ClientCheckIns clientId={client.id} firstName={client.firstName} cadence={client.checkInCadence} everyDays={client.checkInEveryDays}
      choices={metrics.checkInChoices} hasPortal={!!client.portalUserId} />
    <div class="client-sections">
      <ClientPayments clientId={client.id} section={payments} timezone={timezone} values={payFor ? { item: payFor } : undefined} />
      <ClientFollowUps section={followUps} timezone={timezone} />
    </div>
    <ClientNotificationsSection notifications={notifications} timezone={timezone} />
    <ClientPortalSection clientId={client.id} firstName={client.firstName} email={client.email} status={portal} timezone={timezone} />
  </>
);
