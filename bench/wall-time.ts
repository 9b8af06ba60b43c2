// What a person waits for: the wall time of one GET, body read, as the client sees it (queueing for a
// connection and the event loop included, which Server-Timing leaves out).
export async function timedGet(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; ok: boolean } | null> {
  const started = performance.now();
  try {
    const res = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return { ms: performance.now() - started, ok: res.status === 200 };
  } catch {
    return null; // no answer within 10 s: counted as a failure by the caller
  }
}
