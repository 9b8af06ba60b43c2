import { formatTime } from "../../src/lib/time.js";
import type { SessionView } from "../../src/queries/sessions.js";

import { attendeeSummary, sessionLabel } from "../../src/lib/session-label.js";

const statusText: Record<string, string> = { scheduled: "", completed: "Completed", canceled: "Canceled", no_show: "No-show" };

/** One session in the week or day grid; a link to its page. */
export const SessionCard = ({ view, timezone, showPractitioner, place }: { view: SessionView; timezone: string; showPractitioner?: boolean; place?: string }) => {
  const { session } = view;
  return (
    <a id={`session-${session.id}`} class={`session-card ${session.status}${place ? ` ${place}` : ""}`} href={`/sessions/${session.id}`}>
      <time datetime={session.startTime.toISOString()}>{formatTime(session.startTime, timezone)}–{formatTime(session.endTime, timezone)}</time>
      <strong>{sessionLabel(view)}</strong>
      <span class="who">{attendeeSummary(view)}</span>
      {showPractitioner ? <span class="muted small">{view.practitionerName}</span> : null}
      {statusText[session.status] ? <span class={`badge ${session.status}`}>{statusText[session.status]}</span> : null}
    </a>
  );
};
