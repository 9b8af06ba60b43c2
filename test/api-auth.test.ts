import { describe, expect, test } from "vitest";
import { aPassword, aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser } from "./harness.js";

const api = () => aBrowser();

describe("the JSON auth API", () => {
  test("register → login → me → logout, with the documented status codes", async () => {
    const email = anEmail("api");
    const registered = await api().post("/api/auth/register", {
      json: { email, password: "long enough pass", fullName: "Ada Api", practiceName: "Api Yoga", timezone: "Europe/Berlin" },
    });
    expect(registered.status).toBe(201);
    const body = registered.json();
    expect(body.user).toEqual({ id: expect.any(String), email, fullName: "Ada Api", role: "practitioner" });
    expect(body.practice).toMatchObject({ name: "Api Yoga", timezone: "Europe/Berlin", currency: "EUR" });
    expect(body.token).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);

    const login = await api().post("/api/auth/login", { json: { email: email.toUpperCase(), password: "long enough pass" } });
    expect(login.status).toBe(200);
    const token = login.json().token as string;

    const me = await api().get("/api/user/me", { bearer: token });
    expect(me.status).toBe(200);
    expect(me.json()).toEqual({
      user: { id: body.user.id, email, fullName: "Ada Api", role: "practitioner" },
      practice: { id: body.practice.id, name: "Api Yoga", timezone: "Europe/Berlin", currency: "EUR" },
    });

    const logout = await api().post("/api/auth/logout", { bearer: token });
    expect(logout.status).toBe(204);
    expect(logout.body).toBe("");
    const after = await api().get("/api/user/me", { bearer: token });
    expect(after.status).toBe(401);
    expect(after.json().error.code).toBe("unauthorized");
  });

  test("registering a taken email is 409 conflict", async () => {
    const { email } = await aPracticeWithStaff();
    const reply = await api().post("/api/auth/register", { json: { email, password: "long enough pass", fullName: "Dup" } });
    expect(reply.status).toBe(409);
    expect(reply.json().error).toMatchObject({ code: "conflict", message: expect.stringContaining("already exists") });
  });

  test("registering with only the required fields gives a practice in UTC", async () => {
    const reply = await api().post("/api/auth/register", { json: { email: anEmail(), password: "long enough pass", fullName: "Min Imal" } });
    expect(reply.status).toBe(201);
    expect(reply.json().practice).toMatchObject({ name: "Min Imal's practice", timezone: "UTC" });
  });

  test("a wrong password and an unknown email get the same 401 body", async () => {
    const { email } = await aPracticeWithStaff();
    const wrong = await api().post("/api/auth/login", { json: { email, password: "wrong password" } });
    const unknown = await api().post("/api/auth/login", { json: { email: anEmail("ghost"), password: "wrong password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json().error.code).toBe("invalid_credentials");
  });

  test("the 12th rapid failed login gets 429 rate_limited", async () => {
    const { email } = await aPracticeWithStaff();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await api().post("/api/auth/login", { json: { email, password: `wrong-${i}` } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[11]).toBe(429);
    const limited = await api().post("/api/auth/login", { json: { email, password: aPassword } });
    expect(limited.json().error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/wait 15 minutes/i) });
  });

  test("the limit is per email: another account from the same address can still log in", async () => {
    const locked = await aPracticeWithStaff();
    const other = await aPracticeWithStaff();
    for (let i = 0; i < 11; i++) await api().post("/api/auth/login", { json: { email: locked.email, password: "wrong wrong" } });
    const reply = await api().post("/api/auth/login", { json: { email: other.email, password: aPassword } });
    expect(reply.status).toBe(200);
  });

  test("me without a token, or with a revoked one, is 401", async () => {
    expect((await api().get("/api/user/me")).status).toBe(401);
    expect((await api().get("/api/user/me", { bearer: "abc.def" })).status).toBe(401);
    expect((await api().post("/api/auth/logout")).status).toBe(401);
  });

  test("a browser cookie reads the API but cannot write to it", async () => {
    const { staff } = await aPracticeWithStaff();
    expect((await staff.get("/api/user/me")).status).toBe(200);
    // Without a bearer token the cookie is ignored for writes, so logout has nothing to revoke.
    expect((await staff.post("/api/auth/logout", { json: {} })).status).toBe(401);
  });

  test("an unknown API path is a JSON 404", async () => {
    const reply = await api().get("/api/nothing-here");
    expect(reply.status).toBe(404);
    expect(reply.json().error.code).toBe("not_found");
  });
});

test("ten simultaneous registrations of one email create exactly one account", async () => {
  const email = anEmail("race");
  const replies = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    api().post("/api/auth/register", { json: { email, password: "long enough pass", fullName: `Racer ${i}` } })));
  const statuses = replies.map((r) => r.status).sort();
  expect(statuses).toEqual([201, ...Array(9).fill(409)]);
});
