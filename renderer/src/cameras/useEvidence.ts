import { useEffect, useState } from 'react';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { evidenceUrl } from './visionFeed.js';

/**
 * An event's snapshot or clip as an object URL, fetched over the session's socket (an <img> cannot send
 * the sign-in token the HTTP route asks for); null until loaded or when the core has none.
 */
export function useEvidence(eventId: string | undefined, kind: 'snapshot' | 'clip', enabled = true): string | null {
  const client = useCoreClient();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!eventId || !enabled) return;
    let cancelled = false;
    let created: string | null = null;
    void evidenceUrl(client, eventId, kind).then((u) => {
      if (cancelled) {
        if (u) URL.revokeObjectURL(u);
        return;
      }
      created = u;
      setUrl(u);
    });
    return () => {
      cancelled = true;
      if (created) URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [client, eventId, kind, enabled]);
  return url;
}
