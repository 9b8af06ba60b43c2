// What an email says, written once as blocks and rendered twice: plain accessible HTML (one column, real
// text, no images, a button that is a link) and the text part. The domain builds these at the moment of
// the change, so the outbox row holds exactly what the client will read.
import type { OutboxMessage } from "../db/schema.js";

export type EmailBlock =
  | { paragraph: string }
  | { details: Array<[label: string, value: string]> }
  | { action: { label: string; url: string } };

export type EmailContent = {
  /** The practice's name: the sender's display name and the heading's small print. */
  practiceName: string;
  subject: string;
  heading: string;
  blocks: EmailBlock[];
  /** Small print under a rule: why they got it, how to stop reminders. */
  footer?: EmailBlock[];
  replyTo?: string | null;
  headers?: Record<string, string>;
  attachments?: OutboxMessage["attachments"];
};

const Block = ({ block }: { block: EmailBlock }) => {
  if ("paragraph" in block) return <p style="margin:0 0 16px">{block.paragraph}</p>;
  if ("details" in block) {
    return (
      <table role="presentation" style="border-collapse:collapse;margin:0 0 16px">
        {block.details.map(([label, value]) => (
          <tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600;vertical-align:top">{label}</th><td style="padding:4px 0">{value}</td></tr>
        ))}
      </table>
    );
  }
  return (
    <p style="margin:0 0 16px">
      <a href={block.action.url} style="display:inline-block;background:#1f5c4a;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">{block.action.label}</a>
    </p>
  );
};

function htmlOf(content: EmailContent) {
  const page = (
    <html lang="en">
      <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" /><title>{content.subject}</title></head>
      <body style="margin:0;padding:24px;background:#ffffff;color:#1b1f1d;font:16px/1.5 -apple-system,'Segoe UI',Roboto,sans-serif">
        <main style="max-width:560px;margin:0 auto">
          <p style="margin:0 0 8px;color:#55605b;font-size:14px">{content.practiceName}</p>
          <h1 style="margin:0 0 16px;font-size:22px">{content.heading}</h1>
          {content.blocks.map((block) => <Block block={block} />)}
          {content.footer?.length ? (
            <footer style="margin-top:24px;padding-top:12px;border-top:1px solid #d5dbd8;color:#55605b;font-size:13px">
              {content.footer.map((block) => <Block block={block} />)}
            </footer>
          ) : null}
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${page.toString()}`;
}

function textOf(blocks: EmailBlock[]) {
  return blocks.map((block) => {
    if ("paragraph" in block) return block.paragraph;
    if ("details" in block) return block.details.map(([label, value]) => `${label}: ${value}`).join("\n");
    return `${block.action.label}: ${block.action.url}`;
  }).join("\n\n");
}

/** The subject and the message an outbox row stores. */
export function renderEmail(content: EmailContent): { subject: string; message: OutboxMessage } {
  const text = [content.heading, textOf(content.blocks), content.footer?.length ? `--\n${textOf(content.footer)}` : ""].filter(Boolean).join("\n\n");
  return {
    subject: content.subject,
    message: {
      fromName: content.practiceName, html: htmlOf(content), text,
      ...(content.replyTo ? { replyTo: content.replyTo } : {}),
      ...(content.headers ? { headers: content.headers } : {}),
      ...(content.attachments?.length ? { attachments: content.attachments } : {}),
    },
  };
}
