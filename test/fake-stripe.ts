// A local stand-in for the part of Stripe's REST API the app calls, spoken to by the real SDK (through
// `apiBase`), so payment tests never touch the network. Like Stripe, it keeps objects made on a connected
// account to that account: code that forgets the Stripe-Account header fails here as it would live.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Json = Record<string, any>;
export type FakeStripeRequest = { method: string; path: string; body: Json; stripeAccount: string | null; idempotencyKey: string | null };
type Reply = { status: number; body: Json; retry?: false };
type Handler = (params: string[], body: Json, request: FakeStripeRequest) => Reply;

export type FakeStripe = {
  url: string;
  /** Every request, in order, replays and failures included. */
  requests: FakeStripeRequest[];
  close(): Promise<void>;
  /** Creates or changes an account, e.g. `{ charges_enabled: true }` once onboarding is "done". */
  setAccount(id: string, partial: Json): void;
  setSubscription(id: string, object: Json): void;
  /** The next request whose path starts with `pathPrefix` answers this Stripe error (and is never retried). */
  failNext(pathPrefix: string, status: number, message: string): void;
  /** Pays an open Checkout Session, as the customer would; returns it as the webhook would carry it. */
  completeCheckout(sessionId: string, options?: { paymentIntentId?: string }): Json;
};

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);
const ok = (body: Json): Reply => ({ status: 200, body });
const stripeError = (status: number, message: string, type = errorType(status)): Reply => ({ status, body: { error: { type, message } } });
const errorType = (status: number) =>
  status === 402 ? "card_error" : status === 401 ? "authentication_error" : status === 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error";

/** Stripe's bracket notation (`line_items[0][price_data][unit_amount]=4500`) as nested objects and arrays; values stay strings. */
export function parseStripeForm(text: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const names = (key.match(/^[^[]+|\[[^\]]*\]/g) ?? [key]).map((part) => part.replace(/^\[|\]$/g, ""));
    let node: any = root;
    names.forEach((name, i) => {
      const slot = name === "" && Array.isArray(node) ? node.length : name;
      if (i === names.length - 1) node[slot] = value;
      else node = node[slot] ??= /^\d*$/.test(names[i + 1]!) ? [] : {};
    });
  }
  return root;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const accounts = new Map<string, Json>();
  const customers = new Map<string, Json>();
  const sessions = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  // What is not in Stripe's JSON: the account an object lives on, what a session was asked for, what a payment intent charged.
  const ownerOf = new Map<string, string | null>();
  const asked = new Map<string, Json>();
  const charged = new Map<string, number>();
  const replies = new Map<string, { params: string; reply: Reply }>();
  const failures: Array<{ pathPrefix: string; status: number; message: string }> = [];
  const requests: FakeStripeRequest[] = [];
  let url = "";

  const account = (id: string, fields: Json = {}) =>
    ({ id, object: "account", charges_enabled: false, details_submitted: false, email: null, metadata: {}, ...accounts.get(id), ...fields });

  /** An object of `store`, as Stripe finds it: only from the account it was made on. */
  function found(store: Map<string, Json>, id: string, kind: string, request: FakeStripeRequest): Reply {
    const object = store.get(id);
    if (!object || (ownerOf.has(id) && ownerOf.get(id) !== request.stripeAccount)) return stripeError(404, `No such ${kind}: '${id}'`);
    return ok(object);
  }

  function createSession(body: Json, request: FakeStripeRequest): Reply {
    const id = newId("cs_test");
    const items: Json[] = Array.isArray(body.line_items) ? body.line_items : [];
    const priced = items.filter((item) => item.price_data?.unit_amount !== undefined);
    const session = {
      id, object: "checkout.session", url: `${url}/checkout/${id}`, mode: body.mode ?? "payment", status: "open", payment_status: "unpaid",
      metadata: body.metadata ?? {}, client_reference_id: body.client_reference_id ?? null, customer: body.customer ?? null,
      customer_email: body.customer_email ?? null,
      amount_total: priced.length ? priced.reduce((sum, item) => sum + Number(item.price_data.unit_amount) * Number(item.quantity ?? 1), 0) : null,
      currency: priced[0]?.price_data.currency ?? body.currency ?? null, payment_intent: null, subscription: null,
      success_url: body.success_url ?? null, cancel_url: body.cancel_url ?? null, created: now(), expires_at: now() + 86_400, livemode: false,
    };
    sessions.set(id, session);
    ownerOf.set(id, request.stripeAccount);
    asked.set(id, body);
    return ok(session);
  }

  function expire([id]: string[], _: Json, request: FakeStripeRequest): Reply {
    const reply = found(sessions, id!, "checkout.session", request);
    if (reply.status !== 200) return reply;
    if (reply.body.status !== "open") return stripeError(400, "Only Checkout Sessions with a status of `open` can be expired.");
    return ok(Object.assign(reply.body, { status: "expired", url: null }));
  }

  function refund(_: string[], body: Json, request: FakeStripeRequest): Reply {
    const intent = String(body.payment_intent ?? "");
    if (ownerOf.has(intent) && ownerOf.get(intent) !== request.stripeAccount) return stripeError(404, `No such payment_intent: '${intent}'`);
    const amount = body.amount !== undefined ? Number(body.amount) : charged.get(intent);
    if (amount === undefined) return stripeError(400, "Missing required param: amount.");
    return ok({ id: newId("re"), object: "refund", amount, payment_intent: intent, status: "succeeded", metadata: body.metadata ?? {}, created: now() });
  }

  const routes: Array<[string, RegExp, Handler]> = [
    ["POST", /^\/v1\/accounts$/, (_, body) => {
      const id = newId("acct");
      accounts.set(id, account(id, { email: body.email ?? null, metadata: body.metadata ?? {} }));
      return ok(accounts.get(id)!);
    }],
    ["GET", /^\/v1\/accounts\/([^/]+)$/, ([id], _, request) => found(accounts, id!, "account", request)],
    ["POST", /^\/v1\/account_links$/, (_, body) =>
      ok({ object: "account_link", created: now(), expires_at: now() + 300, url: `${url}/connect/onboarding/${body.account}` })],
    ["POST", /^\/v1\/customers$/, (_, body) => {
      const id = newId("cus");
      customers.set(id, { id, object: "customer", email: body.email ?? null, metadata: body.metadata ?? {} });
      return ok(customers.get(id)!);
    }],
    ["POST", /^\/v1\/checkout\/sessions$/, (_, body, request) => createSession(body, request)],
    ["GET", /^\/v1\/checkout\/sessions\/([^/]+)$/, ([id], _, request) => found(sessions, id!, "checkout.session", request)],
    ["POST", /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, expire],
    ["POST", /^\/v1\/refunds$/, refund],
    ["GET", /^\/v1\/subscriptions\/([^/]+)$/, ([id], _, request) => found(subscriptions, id!, "subscription", request)],
    ["POST", /^\/v1\/billing_portal\/sessions$/, (_, body) =>
      ok({ id: newId("bps"), object: "billing_portal.session", customer: body.customer, return_url: body.return_url ?? null, url: `${url}/billing-portal/${body.customer}` })],
  ];

  function answer(request: FakeStripeRequest): Reply {
    const failure = failures.findIndex((f) => request.path.startsWith(f.pathPrefix));
    if (failure >= 0) {
      const { status, message } = failures.splice(failure, 1)[0]!;
      return { ...stripeError(status, message), retry: false };
    }
    // Stripe keeps a key's first answer per account; the same key with other parameters is a client bug.
    const key = request.idempotencyKey && `${request.stripeAccount} ${request.method} ${request.path} ${request.idempotencyKey}`;
    const params = JSON.stringify(request.body);
    const earlier = key ? replies.get(key) : undefined;
    if (earlier) {
      return earlier.params === params ? earlier.reply
        : stripeError(400, "Keys for idempotent requests can only be used with the same parameters they were first used with.", "idempotency_error");
    }
    for (const [method, pattern, handle] of routes) {
      const match = request.method === method ? pattern.exec(request.path) : null;
      if (!match) continue;
      const reply = handle(match.slice(1), request.body, request);
      if (key) replies.set(key, { params, reply: { ...reply, body: structuredClone(reply.body) } });
      return reply;
    }
    return stripeError(404, `Unrecognized request URL (${request.method}: ${request.path}).`);
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = new URL(req.url ?? "/", "http://fake");
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : null);
    const request: FakeStripeRequest = {
      method: req.method ?? "GET", path: target.pathname,
      body: parseStripeForm(req.method === "GET" ? target.search.slice(1) : Buffer.concat(chunks).toString("utf8")),
      stripeAccount: header("stripe-account"), idempotencyKey: header("idempotency-key"),
    };
    requests.push(request);
    // The pages a browser is sent to (Checkout, Connect onboarding, the billing portal) are pages, not API:
    // a browser test lands on them, and a 404 there would read as a fault of ours.
    if (request.method === "GET" && /^\/(checkout|connect\/onboarding|billing-portal)\//.test(request.path)) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="en"><title>Fake Stripe</title><link rel="icon" href="data:,"><h1>Fake Stripe page</h1><p>${request.path.replace(/[<>&]/g, "")}</p></html>`);
      return;
    }
    let reply: Reply;
    try {
      reply = answer(request);
    } catch (error) {
      reply = { ...stripeError(500, `The fake Stripe failed: ${(error as Error).message}`), retry: false };
    }
    res.writeHead(reply.status, {
      "Content-Type": "application/json", "Request-Id": newId("req"),
      ...(reply.retry === false ? { "Stripe-Should-Retry": "false" } : {}),
    });
    res.end(JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => void serve(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // The SDK keeps its sockets alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    }),
    setAccount: (id, partial) => void accounts.set(id, account(id, partial)),
    setSubscription: (id, object) => void subscriptions.set(id, { id, object: "subscription", ...object }),
    failNext: (pathPrefix, status, message) => void failures.push({ pathPrefix, status, message }),
    completeCheckout(sessionId, options = {}) {
      const session = sessions.get(sessionId);
      if (!session || session.status !== "open") throw new Error(`fake Stripe: no open checkout session ${sessionId}`);
      Object.assign(session, { status: "complete", payment_status: "paid", url: null });
      if (session.mode === "subscription") {
        const id = newId("sub");
        const price = asked.get(sessionId)?.line_items?.[0]?.price ?? null;
        subscriptions.set(id, {
          id, object: "subscription", status: "active", customer: session.customer, metadata: asked.get(sessionId)?.subscription_data?.metadata ?? {},
          items: { object: "list", data: [{ id: newId("si"), object: "subscription_item", price: { id: price, object: "price" }, current_period_end: now() + 30 * 86_400 }] },
        });
        session.subscription = id;
      } else {
        session.payment_intent = options.paymentIntentId ?? newId("pi");
        ownerOf.set(session.payment_intent, ownerOf.get(sessionId) ?? null);
        if (session.amount_total !== null) charged.set(session.payment_intent, session.amount_total);
      }
      return structuredClone(session);
    },
  };
}

/** A webhook delivery as Stripe signs it: the exact body and its Stripe-Signature header. */
export function signedDelivery(payload: object, secret: string, timestamp?: number): { body: string; signature: string } {
  const body = JSON.stringify(payload);
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) };
}

/** An event envelope; `account` marks it as coming from a connected account (Connect), as Stripe does. */
export function stripeEvent(type: string, object: object, extra: { account?: string; id?: string } = {}): object {
  return {
    id: extra.id ?? newId("evt"), object: "event", type, api_version: Stripe.API_VERSION, created: now(), livemode: false,
    ...(extra.account ? { account: extra.account } : {}), data: { object },
  };
}
