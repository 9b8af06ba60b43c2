import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, clients } from "../src/db/schema.js";
import { aClient, aPracticeWithStaff } from "./factories.js";
import { all, testDb, text, type Reply } from "./harness.js";

const newClientForm = (overrides: Record<string, string> = {}) => ({
  firstName: "Maya", lastName: "Formfill", email: "maya.formfill@example.test", phone: "  07700 900555 ",
  address: "1 Test Street", dateOfBirth: "1990-04-12", notes: "Sensitive to strong scents.", ...overrides,
});

/** Client names in the list, from a full page, a table-body fragment or a rows-only fragment alike. */
const rowNames = (reply: Reply) =>
  reply.doc().querySelectorAll("td:first-child > a[href^='/clients/']").map((a) => a.text.trim());

describe("creating a client", () => {
  test("saves the record, trims the phone, audits it and shows the client page", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const reply = await staff.post("/clients", { form: newClientForm() });
    expect(reply.status).toBe(303);
    const page = await staff.get(reply.headers.get("Location")!);
    expect(text(page, "h1")).toContain("Maya Formfill");
    expect(text(page, ".flash")).toBe("Maya Formfill added.");
    expect(text(page, ".health-notes p")).toBe("Sensitive to strong scents.");

    const [row] = await testDb().select().from(clients).where(eq(clients.practiceId, practice.id));
    expect(row).toMatchObject({ phone: "07700 900555", dateOfBirth: "1990-04-12", status: "active" });
    const [entry] = await testDb().select().from(auditLog).where(and(eq(auditLog.entity, "client"), eq(auditLog.entityId, row!.id)));
    expect(entry).toMatchObject({ action: "create", actorUserId: user.id });
  });

  test("the client page writes the date of birth out, with the age", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { dateOfBirth: "1984-03-15" });
    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, "dl.contact")).toMatch(/Born15 Mar 1984 \(age \d+\)/);
  });

  test("a duplicate email in the practice is refused with a message naming the client who has it", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    await aClient(practice.id, user.id, { firstName: "Olga", lastName: "Original", email: "shared@example.test" });
    const reply = await staff.post("/clients", { form: newClientForm({ email: "SHARED@example.test" }) });
    expect(reply.status).toBe(422);
    expect(text(reply, "#email-error")).toBe("Olga Original already has this email.");
    expect(reply.doc().querySelector("#firstName")!.getAttribute("value")).toBe("Maya");
  });

  test("the same email in another practice is allowed", async () => {
    const a = await aPracticeWithStaff();
    const b = await aPracticeWithStaff();
    await aClient(a.practice.id, a.user.id, { email: "both@example.test" });
    const reply = await b.staff.post("/clients", { form: newClientForm({ email: "both@example.test" }) });
    expect(reply.status).toBe(303);
  });

  test("bad values are re-rendered with messages next to the fields", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.post("/clients", {
      form: newClientForm({ firstName: " ", email: "not-an-email", dateOfBirth: "2999-01-01", phone: "x".repeat(41) }),
    });
    expect(reply.status).toBe(422);
    expect(text(reply, "#firstName-error")).toBe("Enter a name.");
    expect(text(reply, "#email-error")).toMatch(/valid email/);
    expect(text(reply, "#dateOfBirth-error")).toBe("The date of birth cannot be in the future.");
    expect(text(reply, "#phone-error")).toMatch(/at most 40/);
  });

  test("'not in the future' is judged by the practice's date, not the server's", async () => {
    // Pacific/Kiritimati is UTC+14: its tomorrow can already be today there while it is still today in UTC.
    const { staff } = await aPracticeWithStaff({ timezone: "Pacific/Kiritimati" });
    const theirToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(new Date());
    const reply = await staff.post("/clients", { form: newClientForm({ dateOfBirth: theirToday }) });
    expect(reply.status).toBe(303);
  });
});

describe("the client list", () => {
  test("finds clients by part of a name, an email or phone digits, searching the table body only over htmx", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    await aClient(practice.id, user.id, { firstName: "Theodora", lastName: "Quill", phone: "07700 900123" });
    await aClient(practice.id, user.id, { firstName: "Bert", lastName: "Bramble", email: "bert@garden.example" });

    const byName = await staff.get("/clients?q=theo", { htmx: true });
    expect(byName.body.startsWith("<tbody")).toBe(true);
    expect(rowNames(byName)).toEqual(["Quill, Theodora"]);
    expect(rowNames(await staff.get("/clients?q=garden", { htmx: true }))).toEqual(["Bramble, Bert"]);
    expect(rowNames(await staff.get("/clients?q=0770090012", { htmx: true }))).toEqual(["Quill, Theodora"]);
    expect(rowNames(await staff.get("/clients?q=quill%20theo", { htmx: true }))).toEqual(["Quill, Theodora"]);
    expect(text(await staff.get("/clients?q=nobody", { htmx: true }), "td.empty")).toContain("No client matches");
  });

  test("treats % and _ in a search as characters, not wildcards", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    await aClient(practice.id, user.id, { firstName: "Percy", lastName: "Plain" });
    expect(rowNames(await staff.get("/clients?q=%25", { htmx: true }))).toEqual([]);
    expect(rowNames(await staff.get("/clients?q=_", { htmx: true }))).toEqual([]);
  });

  test("hides archived clients unless asked, and sorts by last name", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    await aClient(practice.id, user.id, { firstName: "Zed", lastName: "Alpha" });
    await aClient(practice.id, user.id, { firstName: "Amy", lastName: "Beta", status: "inactive" });
    await aClient(practice.id, user.id, { firstName: "Old", lastName: "Gamma", status: "archived" });
    expect(rowNames(await staff.get("/clients"))).toEqual(["Alpha, Zed", "Beta, Amy"]);
    expect(rowNames(await staff.get("/clients?status=archived"))).toEqual(["Gamma, Old"]);
    expect(rowNames(await staff.get("/clients?status=all"))).toEqual(["Alpha, Zed", "Beta, Amy", "Gamma, Old"]);
    expect(rowNames(await staff.get("/clients?status=bogus"))).toEqual(["Alpha, Zed", "Beta, Amy"]);
  });

  test("pages with a keyset cursor: every client exactly once, in order, 50 at a time", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    for (let i = 0; i < 120; i++) await aClient(practice.id, user.id, { firstName: `F${String(i).padStart(3, "0")}`, lastName: i % 2 ? "Same" : "Other" });
    const seen: string[] = [];
    let reply = await staff.get("/clients");
    seen.push(...rowNames(reply));
    for (let guard = 0; guard < 5; guard++) {
      const more = reply.doc().querySelector("#more-clients a");
      if (!more) break;
      reply = await staff.get(more.getAttribute("hx-get")!, { htmx: true });
      expect(reply.body.startsWith("<tr")).toBe(true);
      seen.push(...rowNames(reply));
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  test("a tampered cursor is a clear 400, not a crash", async () => {
    const { staff } = await aPracticeWithStaff();
    for (const after of ["garbage", Buffer.from('["a","b","not-a-uuid"]').toString("base64url"), Buffer.from("{}").toString("base64url")]) {
      const reply = await staff.get(`/clients?after=${after}`, { htmx: true });
      expect(reply.status).toBe(400);
    }
  });
});

describe("editing and archiving", () => {
  test("an edit saves, audits only what changed and refuses another client's email", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { firstName: "Edna", lastName: "Edit", email: "edna@example.test" });
    await aClient(practice.id, user.id, { firstName: "Tom", lastName: "Taken", email: "taken@example.test" });

    const edit = await staff.get(`/clients/${client.id}/edit`);
    expect(edit.doc().querySelector("#email")!.getAttribute("value")).toBe("edna@example.test");

    const saved = await staff.post(`/clients/${client.id}`, { form: { firstName: "Edna", lastName: "Edited", email: "edna@example.test", status: "active" } });
    expect(saved.status).toBe(303);
    const [entry] = await testDb().select().from(auditLog).where(and(eq(auditLog.entityId, client.id), eq(auditLog.action, "update")));
    expect(entry!.diff).toEqual({ lastName: ["Edit", "Edited"] });

    const clash = await staff.post(`/clients/${client.id}`, { form: { firstName: "Edna", lastName: "Edited", email: "taken@example.test" } });
    expect(clash.status).toBe(422);
    expect(text(clash, "#email-error")).toBe("Tom Taken already has this email.");
  });

  test("archiving hides the client from the list without deleting anything, and unarchiving brings them back", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { firstName: "Archie", lastName: "Ved" });
    const asked = await staff.post(`/clients/${client.id}/status`, { form: { status: "archived" } });
    expect(asked.status).toBe(200);
    expect(text(asked, "section.confirm p")).toContain("nothing is deleted");
    expect(rowNames(await staff.get("/clients"))).toEqual(["Ved, Archie"]);
    const archived = await staff.post(`/clients/${client.id}/status`, { form: { status: "archived", confirmed: "yes" } });
    expect(archived.status).toBe(303);
    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, ".flash")).toContain("nothing deleted");
    expect(rowNames(await staff.get("/clients"))).toEqual([]);
    expect(text(page, "h1 .badge")).toBe("archived");
    expect(text(page, "#client-header form button")).toBe("Unarchive");

    await staff.post(`/clients/${client.id}/status`, { form: { status: "active" } });
    expect(rowNames(await staff.get("/clients"))).toEqual(["Ved, Archie"]);
    const actions = (await testDb().select().from(auditLog).where(eq(auditLog.entityId, client.id))).map((e) => e.action).sort();
    expect(actions).toEqual(["archive", "create", "unarchive"]);
  });

  test("a bad status is a 422, not a 500", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    expect((await staff.post(`/clients/${client.id}/status`, { form: { status: "deleted" } })).status).toBe(422);
  });
});

describe("the client page", () => {
  test("has every section in the first response, with empty states for what has not landed", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const page = await staff.get(`/clients/${client.id}`);
    for (const id of ["sessions", "programs", "payments", "metrics", "follow-ups", "client-notes"]) {
      expect(page.doc().querySelector(`section#${id}`), id).not.toBeNull();
    }
    expect(all(page, "section p.empty").length).toBeGreaterThanOrEqual(6);
    expect(page.doc().querySelectorAll("[hx-trigger=load]").length).toBe(0);
  });

  test("escapes HTML typed into names and notes everywhere it shows", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const payload = `"><img src=x onerror=alert(1)><script>alert(1)</script>`;
    const client = await aClient(practice.id, user.id, { firstName: payload, lastName: "<b>Bold</b>", notes: payload, address: payload });
    for (const path of [`/clients/${client.id}`, "/clients", `/clients/${client.id}/edit`]) {
      const page = await staff.get(path);
      expect(page.doc().querySelectorAll("main img, main script, main b").length, path).toBe(0);
      expect(page.body).not.toContain("<img src=x");
    }
  });
});
