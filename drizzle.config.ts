import { defineConfig } from "drizzle-kit";

// Generation needs no database: drizzle-kit diffs the schema against drizzle/meta snapshots.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});
