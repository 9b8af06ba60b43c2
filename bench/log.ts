/** A line of the bench's own progress on stdout (the server's output is kept apart: server-process.ts). */
export function log(message: string) {
  process.stdout.write(`[bench] ${message}\n`);
}
