import type { Logger } from '../log/index.js';

/**
 * What the core has started, each with how to stop it: one list for both the failure path of a start
 * and the shutdown, closed in the reverse order of starting (the gateway before the plant it reads, the
 * plant before the recorder it feeds). A closer that fails is logged and the rest still close.
 */
export class Closers {
  private readonly started: { name: string; close: () => unknown }[] = [];
  private closing: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  add(name: string, close: () => unknown): void {
    this.started.push({ name, close });
  }

  /** Closes everything added, once; later calls wait for the same closing. */
  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      for (const { name, close } of this.started.reverse()) {
        try {
          await close();
        } catch (error) {
          this.logger.warn({ err: error, capability: name }, 'did not close cleanly');
        }
      }
    })();
    return this.closing;
  }
}
