/**
 * Runs at most `maxRunning` tasks at once and lets at most `maxWaiting` more wait their turn (first
 * come, first served); beyond that a task is refused at once instead of queueing without end. For
 * expensive work on Node's shared thread pool (scrypt), where an unbounded burst would delay every
 * file and DNS operation of the process behind it.
 */
export class BoundedConcurrency {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  /** The task's result, or `null` without running it when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T | null> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}
