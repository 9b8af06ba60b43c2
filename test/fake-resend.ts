// A local stand-in for Resend's POST /emails, spoken to by the real `resend` SDK through `baseUrl`. Like
// Resend, it honours the Idempotency-Key header: the same key again answers the first email's id and
// sends nothing new, so `delivered` counts what a recipient would really receive. It can be told to fail,
// to rate-limit, to hang, or to accept an email and then lose the answer (the worker-killed case).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeEmail = {
  id: string; idempotencyKey: string | null; from: string; to: string | string[]; subject: string; html?: string; text?: string;
  reply_to?: string | string[]; headers?: Record<string, string>; attachments?: Array<{ filename: string; content: string; content_type?: string }>;
};
type Trouble = "fail" | "rate-limit" | "invalid" | "hang" | "lose-answer";

export type FakeResend = {
  url: string;
  /** Emails really sent (one per idempotency key), in order. */
  delivered: FakeEmail[];
  /** Every POST /emails that reached the fake, replays and refusals included. */
  requests: number;
  /** The next `times` requests meet this trouble; `Infinity` for always. */
  trouble(kind: Trouble, times?: number): void;
  /** Back to answering every request normally. */
  heal(): void;
  close(): Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => { text += chunk; });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startFakeResend(): Promise<FakeResend> {
  const delivered: FakeEmail[] = [];
  const byKey = new Map<string, string>();
  const hanging = new Set<ServerResponse>();
  let troubles: Array<{ kind: Trouble; left: number }> = [];
  let requests = 0;

  const nextTrouble = () => {
    const current = troubles[0];
    if (!current) return null;
    if (--current.left <= 0) troubles.shift();
    return current.kind;
  };

  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/emails") return answer(res, 404, { name: "not_found", message: "Not found", statusCode: 404 });
    if (!req.headers.authorization?.startsWith("Bearer re_")) return answer(res, 401, { name: "missing_api_key", message: "Missing API key", statusCode: 401 });
    const body = JSON.parse(await readBody(req)) as Omit<FakeEmail, "id" | "idempotencyKey">;
    requests++;
    const trouble = nextTrouble();
    if (trouble === "hang") { hanging.add(res); return; }
    if (trouble === "fail") return answer(res, 500, { name: "internal_server_error", message: "An unexpected error occurred.", statusCode: 500 });
    if (trouble === "rate-limit") return answer(res, 429, { name: "rate_limit_exceeded", message: "Too many requests. You can only make 2 requests per second.", statusCode: 429 });
    if (trouble === "invalid") return answer(res, 422, { name: "validation_error", message: "Invalid `to` field.", statusCode: 422 });
    if (!body.from || !body.to || !body.subject) return answer(res, 422, { name: "validation_error", message: "Missing required field.", statusCode: 422 });
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const known = key ? byKey.get(key) : undefined;
    const id = known ?? randomUUID();
    if (!known) {
      delivered.push({ ...body, id, idempotencyKey: key });
      if (key) byKey.set(key, id);
    }
    // Sent, but the answer never reaches the caller: as if the worker died right after the provider accepted.
    if (trouble === "lose-answer") return void res.destroy();
    answer(res, 200, { id });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    get requests() { return requests; },
    trouble(kind, times = 1) { troubles.push({ kind, left: times }); },
    heal() { troubles = []; },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
