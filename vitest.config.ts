import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.{ts,tsx}"],
          exclude: ["test/e2e/**"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/setup.ts"],
          // Every file gets its own database (a PGlite clone or a PostgreSQL database from a template).
          pool: "forks",
          // Two files at once even on a 2-core machine: the e2e project runs beside this one and spends
          // most of its time waiting on a browser, and a unit file spends much of its own waiting on the
          // database; vitest's default (cores − 1) left one core idle and made this project the long pole.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
