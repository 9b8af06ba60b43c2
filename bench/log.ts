const started = performance.now();

/** A line of the bench's own progress on stdout (the server's output is kept apart: server-process.ts), with the
 *  seconds since the run began, so a slow step shows where the wall time goes. */
export function log(message: string) {
  process.stdout.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}
