// The program page of the Bench series as a browser gets it, its attendance grid counted against the database.
import { parse } from "node-html-parser";
import type { Credentials } from "./credentials.js";
import { log } from "./log.js";
import { decodedBody, rawGet } from "./page-weight.js";
import type { ProgramGrid, Measuring } from "./results.js";
import { benchSeriesName, SERIES_PARTICIPANTS, SERIES_SESSIONS } from "./seed/bench-series.js";
import type { ProgramFixtures } from "./seed/fixtures.js";


/** When the program page was measured: its grid must have a row per participant and a column per session. */
export async function measureProgramGrid(bench: Measuring) {
  const { base, creds, results, scale } = bench;
  const programs = bench.fixtures.programs;
  if (programs && bench.measured.some((m) => m.route.path === "/programs/:id")) {
    log("attendance grid of the program page");
    const g = results.programGrid = await weighProgramPage(base, creds, programs);
    // One row per participant, and a header cell per session after the corner: 15 and 13 at the size.
    if (g.status !== 200) results.failures.push(`program page ${g.path}: status ${g.status}`);
    if (g.rows !== g.participants) results.failures.push(`attendance grid: ${g.rows} rows for ${g.participants} participants in the database`);
    if (g.headerCells !== g.sessions + 1) results.failures.push(`attendance grid: ${g.headerCells} header cells for ${g.sessions} sessions in the database`);
    if (g.sessions !== SERIES_SESSIONS) results.failures.push(`${benchSeriesName} has ${g.sessions} sessions, not the issue's ${SERIES_SESSIONS} (seed changed?)`);
    if (g.participants !== SERIES_PARTICIPANTS) {
      const message = `${benchSeriesName} has ${g.participants} participants, not the issue's ${SERIES_PARTICIPANTS}`;
      if (scale.clients >= 100) results.failures.push(`${message} (seed changed?)`);
      else results.notes.push(`${message} (--clients ${scale.clients})`);
    }
    if (g.bytes > 1024 && g.contentEncoding !== "gzip") results.failures.push(`program page ${g.path}: ${g.bytes} bytes not compressed`);
  }
}

/** The program page of the Bench series as a browser gets it, and its attendance grid counted. */
async function weighProgramPage(base: string, creds: Credentials, fx: ProgramFixtures): Promise<ProgramGrid> {
  const path = `/programs/${fx.seriesId}`;
  const got = await rawGet(base + path, { Cookie: creds.cookie });
  const html = decodedBody(got);
  const grid = parse(html).querySelector(".attendance-grid");
  const marks: Record<string, number> = {};
  for (const td of grid?.querySelectorAll("tbody td.mark") ?? []) {
    const kind = td.classList.value.find((c) => c !== "mark") ?? "?";
    marks[kind] = (marks[kind] ?? 0) + 1;
  }
  return {
    path, status: got.status, contentEncoding: got.contentEncoding, bytes: got.bytes, rawBytes: Buffer.byteLength(html),
    rows: grid?.querySelectorAll("tbody tr").length ?? 0, headerCells: grid?.querySelectorAll("thead th").length ?? 0, marks,
    sessions: fx.seriesSessions, participants: fx.seriesParticipants,
  };
}
