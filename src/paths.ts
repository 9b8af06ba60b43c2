import { existsSync, readFileSync } from "node:fs";
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

/**
 * The node arguments of a package.json script written as `node [flags] entry` (`start`, `serve`), so the
 * e2e tests and the bench start the server exactly as those scripts do, without npm in between.
 */
export function nodeScriptArguments(script: string): string[] {
  const line: string | undefined = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")).scripts?.[script];
  const [command, ...args] = (line ?? "").split(/\s+/).filter(Boolean);
  if (command !== "node" || !args.length) throw new Error(`package.json script "${script}" should be "node [flags] <entry>", got ${JSON.stringify(line)}`);
  return args;
}
