import { useSyncExternalStore } from 'react';
import { useCoreState } from '../connection/CoreClientContext.js';

/**
 * One second's tick for every countdown on the screen: one timer, started while a countdown is shown and stopped
 * after the last goes, aligned to the wall clock's second so every countdown changes together (a list whose rows
 * ticked each on its own phase would flicker all second long).
 */
const listeners = new Set<() => void>();
let tickMs = Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;

function schedule(): void {
  timer = setTimeout(() => {
    tickMs = Date.now();
    for (const listener of listeners) listener();
    schedule();
  }, 1000 - (Date.now() % 1000));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    tickMs = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/** The core's time now, re-read each second: this screen's clock plus the offset the session hello gave. */
export function useServerNowMs(): number {
  const offsetMs = useCoreState((s) => s.serverOffsetMs);
  return useSyncExternalStore(subscribe, () => tickMs) + offsetMs;
}
