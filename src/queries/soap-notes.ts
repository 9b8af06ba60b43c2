import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { soapNotes, users } from "../db/schema.js";

export type SoapText = { subjective: string; objective: string; assessment: string; plan: string };

const withAuthor = { note: soapNotes, authorName: users.fullName };

/** The latest revision of each of a client's notes, newest first, with how many revisions it has. */
export async function listCurrentNotes(db: Db, practiceId: string, clientId: string) {
  const rows = await db.selectDistinctOn([soapNotes.noteId], {
    ...withAuthor,
    revisions: sql<number>`(count(*) over (partition by ${soapNotes.noteId}))::int`,
    firstCreatedAt: sql<string>`min(${soapNotes.createdAt}) over (partition by ${soapNotes.noteId})`,
  })
    .from(soapNotes).leftJoin(users, eq(users.id, soapNotes.authorId))
    .where(and(eq(soapNotes.practiceId, practiceId), eq(soapNotes.clientId, clientId)))
    .orderBy(soapNotes.noteId, desc(soapNotes.revision));
  return rows.sort((a, b) => b.note.createdAt.getTime() - a.note.createdAt.getTime());
}

/** Every revision of one note, newest first; empty when the note is not this client's in this practice. */
export async function listNoteRevisions(db: Db, practiceId: string, clientId: string, noteId: string) {
  return db.select(withAuthor).from(soapNotes).leftJoin(users, eq(users.id, soapNotes.authorId))
    .where(and(eq(soapNotes.practiceId, practiceId), eq(soapNotes.clientId, clientId), eq(soapNotes.noteId, noteId)))
    .orderBy(desc(soapNotes.revision));
}

export type NoteRevision = Awaited<ReturnType<typeof listNoteRevisions>>[number];

export async function insertNoteRevision(db: Db, practiceId: string, values: SoapText & {
  id?: string; clientId: string; noteId: string; revision: number; revisionOf: string | null; authorId: string; sessionId?: string | null;
}) {
  const [note] = await db.insert(soapNotes).values({ ...values, practiceId }).returning();
  return note!;
}
