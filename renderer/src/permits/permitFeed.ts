import { MAX_PERMITS_PER_LIST, PERMIT_FINISHED_STATES, PERMIT_STATES, type PermitChange, type PermitRecordView, type PermitState } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { createStore, type Store } from '../state/createStore.js';

/**
 * The screen's unfinished permits (issue 17), one shared feed for every permit view: the twin's and the
 * site map's permit zones and the permits panel. Read it with `useStore(permitFeedStore, …)` (React) or
 * `permitFeedStore.get()` (a layer's update loop); start it once with `connectPermitFeed(client)` (App does).
 *
 * The list is asked for on every (re)connection (`permit:list`, the role's view: names withheld or not),
 * then kept current by `permit:changed`; a closed or reviewed permit leaves it. At most
 * MAX_PERMITS_PER_LIST are kept (the register's own page size), the ones whose window ends last dropped
 * first, and `truncated` says so.
 */
export type PermitFeedState = {
  /** By permit number; unfinished only (draft … resumed). */
  permits: ReadonlyMap<string, PermitRecordView>;
  /** 'loading' until the first list answer after a connection; 'unavailable' when the core keeps no permits or refused. */
  status: 'loading' | 'ready' | 'unavailable';
  /** The core's reason when unavailable, in the UI language (problemText), else null. */
  problem: string | null;
  /** More unfinished permits exist than this screen keeps. */
  truncated: boolean;
};

/** Every state but the two that end a permit's work (closed, reviewed). */
export const UNFINISHED_PERMIT_STATES: readonly PermitState[] = PERMIT_STATES.filter((s) => !PERMIT_FINISHED_STATES.has(s));

export const permitFeedStore: Store<PermitFeedState> = createStore<PermitFeedState>({ permits: new Map(), status: 'loading', problem: null, truncated: false });

/**
 * The feed's bookkeeping, apart from the socket so it can be tested alone. A change that arrives while
 * a list request is on its way is kept and applied again over the answer (the answer may predate it);
 * a record never replaces one of a higher revision.
 */
export class PermitFeed {
  private permits = new Map<string, PermitRecordView>();
  private truncated = false;
  /** Changes seen since the pending list request was sent, null when none is pending. */
  private sinceRequest: PermitRecordView[] | null = null;

  constructor(private readonly maxPermits: number = MAX_PERMITS_PER_LIST) {}

  /** A list request goes out: remember the changes that arrive until its answer. */
  listRequested(): void {
    this.sinceRequest = [];
  }

  /** The list's answer replaces the picture; the changes seen meanwhile are applied over it. */
  listAnswered(records: readonly PermitRecordView[]): ReadonlyMap<string, PermitRecordView> {
    const meanwhile = this.sinceRequest ?? [];
    this.sinceRequest = null;
    this.permits = new Map();
    this.truncated = records.length >= this.maxPermits;
    for (const record of [...records, ...meanwhile]) this.upsert(record);
    return this.current();
  }

  /** A `permit:changed`: the permit as it now stands. */
  changed(change: PermitChange): ReadonlyMap<string, PermitRecordView> {
    this.sinceRequest?.push(change.record);
    this.upsert(change.record);
    return this.current();
  }

  isTruncated(): boolean {
    return this.truncated;
  }

  current(): ReadonlyMap<string, PermitRecordView> {
    return new Map(this.permits);
  }

  private upsert(record: PermitRecordView): void {
    const number = record.permit.number;
    const known = this.permits.get(number);
    if (known && known.revision > record.revision) return;
    if (PERMIT_FINISHED_STATES.has(record.permit.state)) {
      this.permits.delete(number);
      return;
    }
    this.permits.set(number, record);
    if (this.permits.size > this.maxPermits) {
      // Keep the permits whose work is nearest: the one whose window ends last goes.
      let latest: PermitRecordView = record;
      for (const p of this.permits.values()) if (p.permit.window.endMs > latest.permit.window.endMs) latest = p;
      this.permits.delete(latest.permit.number);
      this.truncated = true;
    }
  }
}

/** Feeds permitFeedStore from the core; returns the unsubscribe function. */
export function connectPermitFeed(client: Pick<CoreClient, 'store' | 'on' | 'request'>): () => void {
  const feed = new PermitFeed();
  let wasConnected = false;
  /** Answers of a list request sent before the latest (re)connection are dropped. */
  let requestSeq = 0;
  const load = async () => {
    const seq = ++requestSeq;
    feed.listRequested();
    const result = await client.request('permit:list', { states: [...UNFINISHED_PERMIT_STATES], limit: MAX_PERMITS_PER_LIST });
    if (seq !== requestSeq) return;
    if (!result.ok) {
      permitFeedStore.set({ permits: feed.listAnswered([]), status: 'unavailable', problem: result.message, truncated: false });
      return;
    }
    permitFeedStore.set({ permits: feed.listAnswered(result.value), status: 'ready', problem: null, truncated: feed.isTruncated() });
  };
  const onConnection = () => {
    const connected = client.store.get().connection === 'connected';
    if (connected && !wasConnected) void load();
    wasConnected = connected;
  };
  onConnection();
  const offs = [client.store.subscribe(onConnection), client.on('permit:changed', (change) => permitFeedStore.set({ permits: feed.changed(change), truncated: feed.isTruncated() }))];
  return () => {
    requestSeq++;
    offs.forEach((off) => off());
  };
}
