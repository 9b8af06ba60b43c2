// The portal invitation: who invites, what the portal is for, one link, and how long it works.
import { renderEmail } from "./layout.js";

export function invitationEmail(input: { practiceName: string; firstName: string; url: string; replyTo?: string | null }) {
  return renderEmail({
    practiceName: input.practiceName,
    subject: `${input.practiceName} invites you to your client portal`,
    heading: "Your client portal",
    blocks: [
      { paragraph: `Hello ${input.firstName}, ${input.practiceName} invites you to their client portal.` },
      { paragraph: "There you can see your upcoming sessions and your package credits, cancel a session in good time, log your progress between visits, and fill in your intake form." },
      { action: { label: "Open your portal", url: input.url } },
      { paragraph: "This link works once and expires in 7 days." },
    ],
    footer: [
      { paragraph: `If you did not expect this, ignore this email: nothing happens until the link is used. Questions? Reply to ${input.practiceName}.` },
    ],
    replyTo: input.replyTo,
  });
}
