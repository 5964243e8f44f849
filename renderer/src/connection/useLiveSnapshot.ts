import { useEffect, useRef, useState } from 'react';
import { useCoreClient } from './CoreClientContext.js';
import type { LiveStore } from './LiveStore.js';

/** React-rate view of live data: recomputed every intervalMs, re-rendering only when `key` of the result changes. */
export function useLiveSnapshot<T>(read: (live: LiveStore) => T, key: (value: T) => string, intervalMs = 500): T {
  const live = useCoreClient().live;
  const [value, setValue] = useState(() => read(live));
  // The latest callbacks, so the timer never runs a stale closure (selection, anchors…).
  const latest = useRef({ read, key });
  latest.current = { read, key };
  const lastKey = useRef(key(value));
  useEffect(() => {
    const refresh = () => {
      const next = latest.current.read(live);
      const nextKey = latest.current.key(next);
      if (nextKey !== lastKey.current) {
        lastKey.current = nextKey;
        setValue(next);
      }
    };
    refresh();
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [live, intervalMs]);
  return value;
}
