import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The same code runs from src/ (tsx) and from dist/src/ (Docker), so find the root by its package.json.
function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above " + from);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const fromRoot = (...parts: string[]) => path.join(projectRoot, ...parts);
