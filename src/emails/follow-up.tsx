// A follow-up email the practitioner writes from a follow-up's row: their own words, sent in the
// practice's name, with replies going to the practitioner who wrote it.
import { renderEmail } from "./layout.js";

export const defaultFollowUpSubject = "How are you feeling after your session?";

export const defaultFollowUpBody = (clientFirstName: string) =>
  `Hi ${clientFirstName},\n\nHow are you feeling after your session? If anything has come up, or you have a question, just reply to this email.`;

export function followUpEmail(content: { practiceName: string; subject: string; body: string; replyTo: string }) {
  // Paragraphs as typed: a blank line starts a new one; single line breaks stay inside (white-space is not kept in every client).
  const paragraphs = content.body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return renderEmail({
    practiceName: content.practiceName,
    subject: content.subject,
    heading: content.subject,
    blocks: paragraphs.map((paragraph) => ({ paragraph })),
    footer: [{ paragraph: `Sent by ${content.practiceName}. Reply to this email to answer.` }],
    replyTo: content.replyTo,
  });
}
