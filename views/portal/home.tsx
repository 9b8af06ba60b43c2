import type { PortalHome as PortalHomeData } from "../../src/pages/portal-home.js";
import { formatDate, formatTime, localParts, plural } from "../../src/lib/time.js";

const typeWords: Record<string, string> = { group_series: "Group course", plan: "1:1 plan", package: "Package" };

/** "Use by 8 Mar 2027": the last day, in the practice's zone. */
const useBy = (expiresAt: Date, timezone: string) => `use by ${formatDate(localParts(expiresAt, timezone).date)}`;

const NextSession = ({ next, timezone, practiceName }: Pick<PortalHomeData, "next"> & { timezone: string; practiceName: string }) => (
  <section class="card" aria-labelledby="next-heading" id="next-session">
    <h2 id="next-heading">Your next session</h2>
    {next ? (
      <>
        <p class="portal-next">
          <time datetime={next.session.startTime.toISOString()}>{next.when}</time>–{formatTime(next.session.endTime, timezone)}
        </p>
        <p><strong>{next.serviceName ?? next.session.title ?? "Session"}</strong> with {next.practitionerName}</p>
        {next.session.location ? <p class="small">Where: {next.session.location}</p> : null}
      </>
    ) : <p class="empty">Nothing booked right now. To book a session, contact {practiceName}.</p>}
    <p class="small"><a href="/portal/sessions">All your sessions</a></p>
  </section>
);

const Credits = ({ enrollments, timezone }: Pick<PortalHomeData, "enrollments"> & { timezone: string }) => (
  <section class="card" aria-labelledby="credits-heading" id="credits">
    <h2 id="credits-heading">Your credits</h2>
    {enrollments.length ? (
      <ul class="portal-list">
        {enrollments.map(({ enrollment, program }) => (
          <li id={`enrollment-${enrollment.id}`}>
            <strong>{program.name}</strong>{" "}
            {program.type === "package" ? (
              <span class="credits-line">
                {plural(enrollment.sessionsRemaining ?? 0, "session")} left{enrollment.expiresAt ? `, ${useBy(enrollment.expiresAt, timezone)}` : ""}
              </span>
            ) : <span class="small muted">{typeWords[program.type]}</span>}
          </li>
        ))}
      </ul>
    ) : <p class="empty">You have no packages or programs right now.</p>}
    <p class="small"><a href="/portal/credits">Credit history</a></p>
  </section>
);

const ToLog = ({ due }: Pick<PortalHomeData, "due">) => (
  <section class="card" aria-labelledby="to-log-heading" id="to-log">
    <h2 id="to-log-heading">To log today</h2>
    {due.length ? (
      <ul class="portal-list">
        {due.map((d) => <li><a href={`/portal/metrics#metric-${d.templateId}`}>{d.templateName}</a></li>)}
      </ul>
    ) : <p class="empty">Nothing to log today.</p>}
  </section>
);

/** /portal: a greeting, the next session, credits left, and what to log today. */
export const PortalHome = ({ firstName, practiceName, timezone, next, enrollments, due }: PortalHomeData & { firstName: string; practiceName: string; timezone: string }) => (
  <>
    <h1>Hello, {firstName}</h1>
    <NextSession next={next} timezone={timezone} practiceName={practiceName} />
    <Credits enrollments={enrollments} timezone={timezone} />
    <ToLog due={due} />
  </>
);
