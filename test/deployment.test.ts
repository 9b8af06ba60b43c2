import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { fromRoot } from "../src/paths.js";

const scripts = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")).scripts as Record<string, string>;

test("the Dockerfile runs the server with the same node flags as npm run serve", () => {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(fromRoot("Dockerfile"), "utf8"))?.[1];
  expect(cmd).toBeDefined();
  expect((JSON.parse(cmd!) as string[]).join(" ")).toBe(scripts.serve);
});

test("npm start runs the sources under the same heap cap as production", () => {
  const flag = /--max-old-space-size=\d+/.exec(scripts.serve!)?.[0];
  expect(flag).toBeDefined();
  expect(scripts.start).toContain(flag);
});
