// Logging in as the bench practice's owner, once over the JSON API (a bearer token) and once through the HTML form
// (the session cookie), and the headers each route's kind of authentication sends.
import { benchLogin } from "./seed/accounts.js";

export type Auth = "cookie" | "bearer" | "none";
export type Credentials = { cookie: string; token: string };

export type Login = { email: string; password: string };

/** As the bench practice's owner, or as another seeded owner (measure-fairness.ts logs in as a neighbour). */
export async function logIn(base: string, login: Login = benchLogin): Promise<Credentials> {
  return { token: await apiLogin(base, login), cookie: await formLogin(base, login) };
}

export const authHeaders = (auth: Auth, creds: Credentials): Record<string, string> =>
  auth === "cookie" ? { Cookie: creds.cookie } : auth === "bearer" ? { Authorization: `Bearer ${creds.token}` } : {};

async function apiLogin(base: string, login: Login): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: login.email, password: login.password }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => null)) as { token?: string } | null;
  if (res.status !== 200 || !body?.token) throw new Error(`POST /api/auth/login answered ${res.status}: ${JSON.stringify(body)}`);
  return body.token;
}

async function formLogin(base: string, login: Login): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(base).origin },
    body: new URLSearchParams({ email: login.email, password: login.password }).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("practice_session=") && c.length > "practice_session=".length);
  if (res.status !== 303 || !cookie) throw new Error(`POST /login answered ${res.status} without a practice_session cookie`);
  return cookie;
}
