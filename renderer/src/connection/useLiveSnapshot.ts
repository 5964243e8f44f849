import { useEffect, useState } from 'react';
import { useCoreClient } from './CoreClientContext.js';
import type { LiveStore } from './LiveStore.js';

/** React-rate view of live data: recomputed at most every intervalMs, re-rendering only on change. */
export function useLiveSnapshot<T>(read: (live: LiveStore) => T, key: (value: T) => string, intervalMs = 500): T {
  const live = useCoreClient().live;
  const [value, setValue] = useState(() => read(live));
  useEffect(() => {
    let lastKey = key(read(live));
    const timer = setInterval(() => {
      const next = read(live);
      const nextKey = key(next);
      if (nextKey !== lastKey) {
        lastKey = nextKey;
        setValue(next);
      }
    }, intervalMs);
    return () => clearInterval(timer);
    // read/key are per-call-site lambdas; the store itself is what changes
  }, [live, intervalMs]);
  return value;
}
