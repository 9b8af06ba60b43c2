import type { LedgerRow } from "../../src/db/schema.js";
import type { PortalCredits as PortalCreditsData } from "../../src/pages/portal-credits.js";
import type { LedgerSession } from "../../src/queries/portal-sessions.js";
import { formatDate, formatDateTime, formatDay, localParts, plural } from "../../src/lib/time.js";

const typeWords: Record<string, string> = { group_series: "Group course", plan: "1:1 plan", package: "Package" };
const statusWords: Record<string, string> = { active: "Active", completed: "Completed", dropped: "Ended", expired: "Expired" };
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

/** " (Massage on Tue 8 Dec)": the session a line is about, when it names one. */
function aboutSession(row: LedgerRow, sessions: Map<string, LedgerSession>, timezone: string) {
  const session = row.sessionId ? sessions.get(row.sessionId) : undefined;
  if (!session) return "";
  return `${session.serviceName ?? session.title ?? "Session"} on ${formatDay(localParts(session.startTime, timezone).date)}`;
}

/** A credit movement in the client's words. */
export function ledgerWords(row: LedgerRow, sessions: Map<string, LedgerSession>, timezone: string) {
  const session = aboutSession(row, sessions, timezone);
  const of = session ? ` (${session})` : "";
  switch (row.reason) {
    case "purchase": return `Bought ${plural(row.delta, "session")}`;
    case "booking": return session ? `Booked ${session}` : "Booked a session";
    case "cancel_refund": return `${row.note === "Canceled by the practice" ? "Canceled by the practice" : "Canceled in time"}: credit returned${of}`;
    case "late_cancel": return `Canceled late: credit kept${of}`;
    case "no_show": return `Missed without canceling: credit kept${of}`;
    case "adjustment": return `Changed by the practice${row.note ? `: ${row.note}` : ""}`;
    case "expiry": return `Expired: ${plural(-row.delta, "unused credit")} removed`;
    case "refund": return `Refunded: ${plural(-row.delta, "unused credit")} removed`;
    default: return row.reason;
  }
}

type Enrollment = PortalCreditsData["enrollments"][number];

const Balance = ({ enrollment, program, timezone }: Enrollment & { timezone: string }) => (
  <p class="credits">
    <strong class="credits-left">{enrollment.sessionsRemaining ?? 0}</strong> of {plural(program.sessionsCount ?? 0, "session")} left
    {enrollment.expiresAt ? <span class="small muted"> · {enrollment.status === "expired" ? "expired" : "use by"} {formatDate(localParts(enrollment.expiresAt, timezone).date)}</span> : null}
  </p>
);

const History = ({ ledger, sessions, timezone }: { ledger: LedgerRow[]; sessions: Map<string, LedgerSession>; timezone: string }) => (
  <ol class="portal-ledger" aria-label="Credit history, newest first">
    {ledger.map((row) => (
      <li id={`ledger-${row.id}`} class={`ledger-${row.reason}`}>
        <span class="ledger-what">{ledgerWords(row, sessions, timezone)}</span>
        <span class="small muted"> · {formatDateTime(row.createdAt, timezone)} · {signed(row.delta)}</span>
      </li>
    ))}
  </ol>
);

/** /portal/credits: each package or program of the client's, its balance and its whole history in plain words. */
export const PortalCredits = ({ enrollments, sessions, timezone, practiceName }: PortalCreditsData & { timezone: string; practiceName: string }) => (
  <>
    <h1>Your credits</h1>
    {enrollments.length ? enrollments.map((e) => (
      <section class="card enrollment-card" id={`enrollment-${e.enrollment.id}`} aria-labelledby={`enrollment-${e.enrollment.id}-heading`}>
        <h2 id={`enrollment-${e.enrollment.id}-heading`}>{e.program.name}</h2>
        <p class="small muted">{typeWords[e.program.type]} · <span class="enrollment-status">{statusWords[e.enrollment.status]}</span></p>
        {e.program.type === "package" ? (
          <>
            <Balance {...e} timezone={timezone} />
            {e.ledger.length ? <History ledger={e.ledger} sessions={sessions} timezone={timezone} /> : <p class="empty">No credit movements yet.</p>}
          </>
        ) : <p class="small">This {typeWords[e.program.type]!.toLowerCase()} has no credits to count.</p>}
      </section>
    )) : <p class="empty">You have no packages or programs with {practiceName} yet.</p>}
  </>
);
