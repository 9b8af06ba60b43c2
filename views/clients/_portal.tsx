import type { PortalStatus } from "../../src/domain/portal-invites.js";
import { formatDateTime } from "../../src/lib/time.js";

const stateLabel: Record<PortalStatus["state"], string> = {
  not_invited: "Not invited", invited: "Invited", invite_expired: "Invitation expired", active: "Active", revoked: "Access ended",
};

function explanation(status: PortalStatus, timezone: string, firstName: string) {
  switch (status.state) {
    case "not_invited": return `${firstName} has no portal login yet.`;
    case "invited": return `Invitation sent to ${status.email} on ${formatDateTime(status.sentAt, timezone)}; the link works until ${formatDateTime(status.expiresAt, timezone)}.`;
    case "invite_expired": return `The invitation sent to ${status.email} on ${formatDateTime(status.sentAt, timezone)} expired unused.`;
    case "active": return `${firstName} can log in to see their sessions and credits, cancel in time, log metrics and fill in the intake form.`;
    case "revoked": return `Portal access ended on ${formatDateTime(status.at, timezone)}. A new invitation opens it again.`;
  }
}

/** A small form that swaps the section in place with htmx and posts normally without it. */
const Action = ({ clientId, action, label, confirm }: { clientId: string; action: "invite" | "revoke"; label: string; confirm?: string }) => (
  <form method="post" action={`/clients/${clientId}/portal/${action}`} hx-post={`/clients/${clientId}/portal/${action}`}
    hx-target="#portal" hx-swap="outerHTML" hx-confirm={confirm}>
    <button type="submit" class={action === "revoke" ? "danger" : undefined}>{label}</button>
  </form>
);

/** The client page's "Client portal" section: status, and invite / send again / end access. */
export const ClientPortalSection = ({ clientId, firstName, email, status, timezone, notice }: {
  clientId: string; firstName: string; email: string | null; status: PortalStatus; timezone: string; notice?: string;
}) => (
  <section id="portal" class="card no-print" aria-labelledby="portal-heading">
    <h2 id="portal-heading">Client portal <span class={`badge portal-${status.state}`}>{stateLabel[status.state]}</span></h2>
    {notice ? <p class="flash" role="status">{notice}</p> : null}
    <p>{explanation(status, timezone, firstName)}</p>
    {!email && status.state !== "active" ? <p class="muted">Add an email address to {firstName}'s details to invite them.</p> : null}
    <div class="actions">
      {email && (status.state === "not_invited" || status.state === "revoked" || status.state === "invite_expired")
        ? <Action clientId={clientId} action="invite" label={`Invite ${firstName}`} /> : null}
      {status.state === "invited" ? <Action clientId={clientId} action="invite" label="Send the invitation again" /> : null}
      {status.state === "invited" || status.state === "active"
        ? <Action clientId={clientId} action="revoke" label={status.state === "active" ? "End portal access" : "Cancel the invitation"}
            confirm={`End ${firstName}'s portal access? They can no longer log in to this practice's portal.`} /> : null}
    </div>
  </section>
);
