// A keyed semaphore: each key (a practice) may hold at most `perKey` slots at once; the rest wait their
// turn in order. The pool has more connections than one key may take, so the others always find one.
import { DomainError } from "./errors.js";

type Waiter = { resolve: () => void; timer: NodeJS.Timeout };

export class FairShare {
  private readonly running = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();

  constructor(private readonly perKey: number, private readonly maxWaitMs = 15_000) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await work();
    } finally {
      this.release(key);
    }
  }

  private acquire(key: string): Promise<void> {
    const held = this.running.get(key) ?? 0;
    if (held < this.perKey) {
      this.running.set(key, held + 1);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      const waiter: Waiter = {
        resolve,
        // Waiting longer than this means the practice has far more in flight than anyone could use.
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(new DomainError("busy", "This practice has too much in progress right now. Nothing was changed; please try again in a moment."));
        }, this.maxWaitMs),
      };
      queue.push(waiter);
    });
  }

  private release(key: string) {
    const next = this.queues.get(key)?.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the slot passes straight to the next waiter
      return;
    }
    const held = (this.running.get(key) ?? 1) - 1;
    if (held > 0) this.running.set(key, held);
    else {
      this.running.delete(key);
      this.queues.delete(key);
    }
  }
}
