import { useEffect, useState } from 'react';
import type { PermitListQuery, PermitRecordView } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { applyPermitChange, sortPermits } from './permitText.js';

export type PermitList = { permits: PermitRecordView[] | null; problem: string | null };

/**
 * Permits the screen's feed (permitFeed.ts: the unfinished ones) does not hold, for the list's history filters
 * (closed, reviewed, all): those matching a query (null: none asked for), kept current: read with `permit:list` when the screen connects (again) or its
 * user or the query changes, then each `permit:changed` applied in place (applyPermitChange), so the list
 * needs no polling. `matches` must agree with the query (the broadcast carries every permit).
 */
export function usePermitList(query: PermitListQuery | null, matches: (record: PermitRecordView) => boolean): PermitList {
  const client = useCoreClient();
  const connected = useCoreState((s) => s.connection === 'connected');
  const user = useCoreState((s) => s.user);
  const [list, setList] = useState<PermitList>({ permits: null, problem: null });
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    if (!connected || !user || queryKey === 'null') return;
    let current = true;
    // Changes that arrive before the answer are applied to it: the answer may predate them.
    const early: PermitRecordView[] = [];
    let loaded = false;
    const off = client.on('permit:changed', (change) => {
      if (!loaded) early.push(change.record);
      else setList((l) => ({ ...l, permits: applyPermitChange(l.permits ?? [], change.record, matches) }));
    });
    void client.request('permit:list', JSON.parse(queryKey) as PermitListQuery).then((result) => {
      if (!current) return;
      loaded = true;
      if (!result.ok) return setList({ permits: null, problem: result.message });
      const permits = early.reduce((l, record) => applyPermitChange(l, record, matches), sortPermits([...result.value]));
      setList({ permits, problem: null });
    });
    return () => {
      current = false;
      off();
    };
    // `matches` follows the query (queryKey): a new function per render must not read the list again.
  }, [client, connected, user, queryKey]);
  return list;
}
