// Logging in as the bench practice's owner, once over the JSON API (a bearer token) and once through the HTML form
// (the session cookie), and the headers each route's kind of authentication sends.
import { benchLogin } from "./seed/accounts.js";

export type Auth = "cookie" | "bearer" | "none";
export type Credentials = { cookie: string; token: string };

export async function logIn(base: string): Promise<Credentials> {
  return { token: await apiLogin(base), cookie: await formLogin(base) };
}

export const authHeaders = (auth: Auth, creds: Credentials): Record<string, string> =>
  auth === "cookie" ? { Cookie: creds.cookie } : auth === "bearer" ? { Authorization: `Bearer ${creds.token}` } : {};

async function apiLogin(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: benchLogin.email, password: benchLogin.password }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => null)) as { token?: string } | null;
  if (res.status !== 200 || !body?.token) throw new Error(`POST /api/auth/login answered ${res.status}: ${JSON.stringify(body)}`);
  return body.token;
}

async function formLogin(base: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(base).origin },
    body: new URLSearchParams({ email: benchLogin.email, password: benchLogin.password }).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("practice_session=") && c.length > "practice_session=".length);
  if (res.status !== 303 || !cookie) throw new Error(`POST /login answered ${res.status} without a practice_session cookie`);
  return cookie;
}
