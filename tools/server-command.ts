// How the e2e tests and the bench start the server: exactly as `npm start` / `npm run serve` do.
import { readFileSync } from "node:fs";
import { fromRoot } from "../src/paths.js";

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
