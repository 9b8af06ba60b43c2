// The password reset email: one link, how long it works, and that ignoring it is safe.
import { renderEmail } from "./layout.js";

export function passwordResetEmail(input: { practiceName: string; fullName: string; url: string }) {
  return renderEmail({
    practiceName: input.practiceName,
    subject: "Reset your password",
    heading: "Reset your password",
    blocks: [
      { paragraph: `Hello ${input.fullName}, someone (hopefully you) asked to reset the password of your Practice account.` },
      { action: { label: "Choose a new password", url: input.url } },
      { paragraph: "This link works once and expires in 1 hour." },
    ],
    footer: [
      { paragraph: "If you didn't ask for this, ignore this email: your password stays as it is and nothing changes." },
    ],
  });
}
