import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, soapNotes } from "../src/db/schema.js";
import { reviseSoapNote } from "../src/domain/soap-notes.js";
import { addAttendee } from "../src/domain/booking.js";
import { aClient, aPracticeWithStaff, aSession, aSoapNote, aStaffMember } from "./factories.js";
import { all, testDb, text } from "./harness.js";

describe("SOAP notes", () => {
  test("adding a note over htmx swaps the notes section with the note on top and an empty form", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const reply = await staff.post(`/clients/${client.id}/notes`, {
      htmx: true, form: { subjective: "Neck stiff since Monday.", objective: "", assessment: "", plan: "Heat, gentle mobility." },
    });
    expect(reply.status).toBe(200);
    expect(reply.doc().querySelector("section#client-notes")).not.toBeNull();
    expect(text(reply, "article.note dl.soap dd")).toBe("Neck stiff since Monday.");
    expect(text(reply, "article.note header .muted")).toContain("Olive Owner");
    expect(text(reply, "#new-note textarea[name=subjective]")).toBe("");
  });

  test("a note with all four parts empty is refused in place", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const reply = await staff.post(`/clients/${client.id}/notes`, { htmx: true, form: { subjective: "  ", plan: "" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#client-notes .form-error")).toBe("Write at least one of the four parts.");
    expect(reply.doc().querySelector("#new-note")!.getAttribute("open")).not.toBeNull();
  });

  test("editing three times keeps three readable earlier revisions, each with author and time", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const note = await aSoapNote(practice.id, client.id, user.id, { plan: "Plan v1" });
    for (let revision = 1; revision <= 3; revision++) {
      const reply = await staff.post(`/clients/${client.id}/notes/${note.noteId}`, {
        htmx: true, form: { baseRevision: String(revision), subjective: "Feels better.", plan: `Plan v${revision + 1}` },
      });
      expect(reply.status).toBe(200);
      expect(text(reply, `#note-${note.noteId} header .muted`)).toContain(`revision ${revision + 1}`);
    }
    const history = await staff.get(`/clients/${client.id}/notes/${note.noteId}`);
    const plans = all(history, "article.note").map((a) => a.querySelector("dd:last-of-type")!.text);
    expect(plans).toEqual(["Plan v4", "Plan v3", "Plan v2", "Plan v1"]);
    expect(all(history, "article.note header .muted").every((m) => m.text.includes("Olive Owner"))).toBe(true);

    const rows = await testDb().select().from(soapNotes).where(eq(soapNotes.noteId, note.noteId));
    expect(rows.map((r) => r.revision).sort()).toEqual([1, 2, 3, 4]);
    const audits = await testDb().select().from(auditLog).where(and(eq(auditLog.entity, "soap_note"), eq(auditLog.entityId, note.noteId)));
    expect(audits.map((a) => a.action).sort()).toEqual(["create", "revise", "revise", "revise"]);
  });

  test("the client page shows the latest revision with a link to its history", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const note = await aSoapNote(practice.id, client.id, user.id, { plan: "Old plan" });
    await reviseSoapNote(testDb(), practice.id, client.id, note.noteId, user.id, 1, { subjective: "S", objective: "", assessment: "", plan: "New plan" });
    const page = await staff.get(`/clients/${client.id}`);
    expect(all(page, "article.note")).toHaveLength(1);
    expect(page.body).toContain("New plan");
    expect(page.body).not.toContain("Old plan");
    expect(text(page, `#note-${note.noteId} .note-actions a[href$="${note.noteId}"]`)).toBe("History (1 earlier)");
  });

  test("saving on top of a revision someone else replaced is refused, keeping the typed text", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const colleague = await aStaffMember(practice.id);
    const client = await aClient(practice.id, user.id);
    const note = await aSoapNote(practice.id, client.id, user.id);
    await reviseSoapNote(testDb(), practice.id, client.id, note.noteId, colleague.user.id, 1, { subjective: "Colleague's words", objective: "", assessment: "", plan: "" });

    const reply = await staff.post(`/clients/${client.id}/notes/${note.noteId}`, {
      htmx: true, form: { baseRevision: "1", subjective: "My words", plan: "My plan" },
    });
    expect(reply.status).toBe(409);
    expect(text(reply, ".form-error")).toContain("Pat Member saved this note while you were editing");
    expect(text(reply, "textarea[name=subjective]")).toBe("My words");
    expect(reply.doc().querySelector("input[name=baseRevision]")!.getAttribute("value")).toBe("2");
  });

  test("two simultaneous edits of the same revision: one wins, the other is told, nothing is lost", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const note = await aSoapNote(practice.id, client.id, user.id);
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) =>
      reviseSoapNote(testDb(), practice.id, client.id, note.noteId, user.id, 1, { subjective: `Edit ${i}`, objective: "", assessment: "", plan: "" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "conflict")).toBe(true);
    const rows = await testDb().select().from(soapNotes).where(eq(soapNotes.noteId, note.noteId));
    expect(rows).toHaveLength(2);
  });

  test("edit and cancel swap the note card in place over htmx", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const note = await aSoapNote(practice.id, client.id, user.id, { plan: "Stretch daily" });
    const edit = await staff.get(`/clients/${client.id}/notes/${note.noteId}/edit`, { htmx: true });
    expect(edit.doc().querySelector(`form#note-${note.noteId}`)!.getAttribute("hx-target")).toBe("this");
    expect(text(edit, "textarea[name=plan]")).toBe("Stretch daily");
    const cancel = await staff.get(`/clients/${client.id}/notes/${note.noteId}`, { htmx: true });
    expect(cancel.doc().querySelector(`article#note-${note.noteId}`)).not.toBeNull();
  });
});

test("a note can document one of the client's sessions, never another client's; revisions keep the link", async () => {
  const { staff, practice, user } = await aPracticeWithStaff();
  const client = await aClient(practice.id, user.id);
  const other = await aClient(practice.id, user.id);
  const mine = await aSession(practice, user.id, { start: "2020-03-02T09:00:00Z" });
  const theirs = await aSession(practice, user.id, { start: "2020-03-03T09:00:00Z" });
  await addAttendee(testDb(), practice, user.id, mine.id, client.id);
  await addAttendee(testDb(), practice, user.id, theirs.id, other.id);
  const page = await staff.get(`/clients/${client.id}`);
  expect(page.doc().querySelector(`#new-note select[name=sessionId] option[value="${mine.id}"]`)).not.toBeNull();
  const refused = await staff.post(`/clients/${client.id}/notes`, { htmx: true, form: { sessionId: theirs.id, subjective: "Wrong session" } });
  expect(refused.status).toBe(422);
  const ok = await staff.post(`/clients/${client.id}/notes`, { htmx: true, form: { sessionId: mine.id, subjective: "Right session" } });
  expect(ok.doc().querySelector(`article.note a[href="/sessions/${mine.id}"]`)).not.toBeNull();
  const [note] = await testDb().select().from(soapNotes).where(eq(soapNotes.clientId, client.id));
  await reviseSoapNote(testDb(), practice.id, client.id, note!.noteId, user.id, 1, { subjective: "Edited", objective: "", assessment: "", plan: "" });
  const revisions = await testDb().select().from(soapNotes).where(eq(soapNotes.noteId, note!.noteId));
  expect(revisions.map((r) => r.sessionId)).toEqual([mine.id, mine.id]);
});
