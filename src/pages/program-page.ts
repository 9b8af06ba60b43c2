// A program's page: its phases, its participants with their credits, and the attendance grid of its
// sessions — the same data for the page and for the enrollment form re-rendered with a refusal.
import type { Db } from "../db/client.js";
import type { Program } from "../db/schema.js";
import { findClientsByIds } from "../queries/clients.js";
import { countSessionsByPhase, listPhases, listProgramEnrollments, programAttendance } from "../queries/programs.js";

export async function loadProgramPage(db: Db, practiceId: string, program: Program, selectedClientIds: string[] = []) {
  const [phases, participants, grid, selected] = await Promise.all([
    listPhases(db, practiceId, [program.id]),
    listProgramEnrollments(db, practiceId, program.id),
    programAttendance(db, practiceId, program.id),
    findClientsByIds(db, practiceId, selectedClientIds),
  ]);
  return { program, phases, participants, sessions: grid.sessions, attendance: grid.attendance, selected };
}
export type ProgramPageData = Awaited<ReturnType<typeof loadProgramPage>>;

/** The edit form: the program's phases, and how many sessions use each (those cannot be removed). */
export async function loadProgramEdit(db: Db, practiceId: string, program: Program) {
  const [phases, used] = await Promise.all([listPhases(db, practiceId, [program.id]), countSessionsByPhase(db, practiceId, program.id)]);
  return { program, phases, used };
}
