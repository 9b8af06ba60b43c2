// Runs in every unit test file: one database per file, one app on top of it.
import { afterAll, beforeAll, inject } from "vitest";
import { startHarness, stopHarness } from "./harness.js";

beforeAll(async () => {
  await startHarness({ pgTemplate: inject("pgTemplate"), pgliteDump: inject("pgliteDump") });
});

afterAll(async () => {
  await stopHarness();
});
