// The real server as a child process, as production runs it (`npm run build`, then `npm run serve`'s
// command, which is the Dockerfile's), so the bench measures the same code, pool and memory as a deployment.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { nodeScriptArguments } from "../tools/server-command.js";

export type ServerProcess = {
  url: string;
  pid: number;
  /** The last lines the server wrote (stdout and stderr), for error messages. */
  outputTail: () => string[];
  /** Lines the server wrote to stderr after start-up (console.error on a 500, warnings). */
  stderrLines: () => string[];
  stop: () => Promise<void>;
};

const readyLine = /Practice is running at (http:\/\/\S+) \(database: (\w+)\)/;
const TAIL = 60;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Whatever happens to the bench process, no server is left behind. On a signal the process exits here
 *  unless another handler listens too (bench/run.ts drops its database first, then exits). */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const child of live) child.kill("SIGKILL");
      if (process.listenerCount(signal) === 1) process.exit(130);
    });
  }
}

export async function startServer(options: { cwd: string; databaseUrl: string; startTimeoutMs?: number }): Promise<ServerProcess> {
  installExitHook();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: options.databaseUrl, PORT: "0", NODE_ENV: "development" };
  delete env.APP_URL; // the server derives it from PORT; an inherited production URL would change cookie flags
  // One node process (no npm or tsx wrapper in between), so the pid we hold is the server's and its
  // /proc/<pid>/status is the server's memory.
  const child = spawn(process.execPath, nodeScriptArguments("serve"), {
    cwd: options.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const output = captureOutput(child);

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => {
    live.delete(child);
    resolve(code);
  }));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM"); // index.ts closes the server and the pool on SIGTERM
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  const url = await waitForReadyLine(child, output, exited, options.startTimeoutMs ?? 30000).catch(async (error) => {
    await stop();
    throw error;
  });

  return { url, pid: child.pid!, outputTail: () => [...output.tail], stderrLines: () => [...output.stderr], stop };
}

type Output = { tail: string[]; stderr: string[]; markStarted: () => void };

/** The server's last lines (stdout and stderr) and, once it has started, what it writes to stderr. */
function captureOutput(child: ChildProcess): Output {
  const tail: string[] = [];
  const stderr: string[] = [];
  let started = false;
  const remember = (line: string, isErr: boolean) => {
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    if (isErr && started && stderr.length < 1000) stderr.push(line);
  };
  // Keep reading both pipes for the whole run: a full pipe would block the server's console.log.
  const lineReader = (isErr: boolean) => {
    let buffer = "";
    return (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        remember(buffer.slice(0, nl), isErr);
        buffer = buffer.slice(nl + 1);
      }
    };
  };
  child.stdout!.on("data", lineReader(false));
  child.stderr!.on("data", lineReader(true));
  return { tail, stderr, markStarted: () => { started = true; } };
}

/** The URL of the server's "running at" line; rejects with the output so far when it exits or times out first. */
function waitForReadyLine(child: ChildProcess, output: Output, exited: Promise<number | null>, timeoutMs: number): Promise<string> {
  const { tail } = output;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`the server did not report its URL within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${error.message}\n--- server output ---\n${tail.join("\n")}`));
    };
    child.once("error", fail);
    void exited.then((code) => fail(new Error(`the server exited with code ${code} before it was ready`)));
    // Registered after lineReader, so the lines of this chunk are already in the tail.
    child.stdout!.on("data", () => {
      if (settled) return;
      for (const line of tail) {
        const match = readyLine.exec(line);
        if (!match) continue;
        if (match[2] !== "postgres") return fail(new Error(`the server runs on ${match[2]}, not postgres`));
        settled = true;
        clearTimeout(timer);
        output.markStarted();
        resolve(match[1]!);
        return;
      }
    });
  });
}

export type Memory = { rssKb: number; hwmKb: number };

/** VmRSS (resident now) and VmHWM (peak resident) of a process, from /proc (Linux only). */
export function readMemory(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch {
    return null;
  }
}
