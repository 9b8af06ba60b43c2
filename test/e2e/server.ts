// Starts the app the way a new user does (`npm start`'s entry point) on a fresh database and a free port.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fromRoot } from "../../src/paths.js";
import { nodeScriptArguments } from "../../tools/server-command.js";
import { inject } from "vitest";
import { createDatabaseFromTemplate, dropDatabase, postgresUrl } from "../test-database.js";

export type RunningServer = {
  url: string;
  demo: { email: string; password: string };
  db: "pglite" | "postgres";
  /** The PostgreSQL database the server uses (none on PGlite), to inspect it from the test. */
  databaseUrl: string | undefined;
  output: () => string;
  /** kill -9: the server dies mid-request, as on a power cut; stop() still cleans up. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
};

type Seeded = { dataDir?: string; template?: string };

/**
 * A database for one server: empty (the server's own start-up migrates and seeds it, as on a new user's
 * machine), or a copy of the one the e2e global setup seeded (`seeded`).
 */
async function databaseFor(env: NodeJS.ProcessEnv, seeded: Seeded | undefined): Promise<() => Promise<void>> {
  const adminUrl = postgresUrl();
  if (adminUrl) {
    const { name, url } = await createDatabaseFromTemplate(adminUrl, seeded?.template ?? "template0", "practice_e2e");
    env.DATABASE_URL = url;
    return () => dropDatabase(adminUrl, name);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "practice-e2e-"));
  if (seeded?.dataDir) cpSync(seeded.dataDir, dir, { recursive: true });
  env.DATABASE_URL = "";
  env.DATA_DIR = dir;
  return async () => rmSync(dir, { recursive: true, force: true });
}

/**
 * `extraEnv`: settings a test needs on top of a new user's (e.g. Stripe keys pointed at a local fake).
 * `fresh`: start from an empty database even when the run has a seeded one (the first-start test).
 */
export async function startServer(extraEnv: Record<string, string> = {}, options: { fresh?: boolean } = {}): Promise<RunningServer> {
  const adminUrl = postgresUrl();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", NODE_ENV: "development", APP_URL: "", SIGNUPS_PER_HOUR: "1000", ...extraEnv };
  const cleanup = await databaseFor(env, options.fresh ? undefined : seededSource());

  // `npm start`'s own command line (node, its flags, the entry point), without npm in between so the
  // pid we stop is the server's.
  const child = spawn(process.execPath, nodeScriptArguments("start"), { cwd: fromRoot(), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));

  // Both lines are awaited together: they are two writes, and a poll can fall between them.
  const started = await waitFor(child, () => output, /Practice is running at (\S+) \(database: (\w+)\)\r?\nDemo login: (\S+) \/ (\S+)\r?\n/, 60_000);

  return {
    url: started[1]!,
    db: started[2] as "pglite" | "postgres",
    demo: { email: started[3]!, password: started[4]! },
    databaseUrl: adminUrl ? env.DATABASE_URL : undefined,
    output: () => output,
    kill: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await cleanup();
    },
  };
}

function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => finish(new Error(`server did not start in ${ms} ms:\n${output()}`)), ms);
    const poll = setInterval(() => {
      const match = pattern.exec(output());
      if (match) finish(null, match);
    }, 50);
    const onExit = (code: number | null) => finish(new Error(`server exited with ${code}:\n${output()}`));
    child.once("exit", onExit);
    function finish(error: Error | null, match?: RegExpExecArray) {
      clearTimeout(deadline);
      clearInterval(poll);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(match!);
    }
  });
}

/** What the e2e global setup seeded, when this file runs under it (not when a tool calls startServer). */
function seededSource(): Seeded | undefined {
  try {
    return inject("e2eSeeded");
  } catch {
    return undefined;
  }
}

/** Runs the real server once on an empty database and stops it cleanly: what every later server copies. */
export async function seedServerDatabase(): Promise<{ source: Seeded; cleanup: () => Promise<void> }> {
  const adminUrl = postgresUrl();
  const template = adminUrl ? await createDatabaseFromTemplate(adminUrl, "template0", "practice_e2e_seed") : null;
  const dataDir = adminUrl ? undefined : mkdtempSync(path.join(tmpdir(), "practice-e2e-seed-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", NODE_ENV: "development", APP_URL: "",
    DATABASE_URL: template?.url ?? "", ...(dataDir ? { DATA_DIR: dataDir } : {}) };
  const child = spawn(process.execPath, nodeScriptArguments("start"), { cwd: fromRoot(), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  await waitFor(child, () => output, /Practice is running at/, 120_000);
  // SIGTERM: PGlite writes its files on close, and PostgreSQL's template must have no connection left.
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  return {
    source: template ? { template: template.name } : { dataDir },
    cleanup: async () => {
      if (template && adminUrl) await dropDatabase(adminUrl, template.name);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
