// The e2e servers start from one database the real `npm start` migrated and seeded once per run: a test
// file's server then starts in ~4 s instead of ~13 s (migrations and the demo practice on PGlite). The
// foundation test still starts from nothing, as a new user does.
import type { TestProject } from "vitest/node";
import { seedServerDatabase } from "./server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PGlite data directory or a PostgreSQL template database holding the migrated demo practice. */
    e2eSeeded?: { dataDir?: string; template?: string };
  }
}

export default async function setup(project: TestProject) {
  const seeded = await seedServerDatabase();
  project.provide("e2eSeeded", seeded.source);
  return seeded.cleanup;
}
