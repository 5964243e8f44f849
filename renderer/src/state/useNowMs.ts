import { useEffect, useState } from 'react';

/** The wall clock, re-read every `periodMs`: a countdown's second, or a live window that moves on with its poll. */
export function useNowMs(periodMs = 1000): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return nowMs;
}
