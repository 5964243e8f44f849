import { API_PATHS, type HazardTicketDetail, type HazardTicketView } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { historianKept } from '../connection/historianKept.js';
import { createStore, type Store } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';
import { applyTicket, OPEN_HAZARD_STATES, sortTickets } from './hazardText.js';

/**
 * The screen's open hidden dangers (issue 18 items 2–3), one feed for the tab, the twin's pins and the site map's:
 * read over HTTP on every (re)connection, then each `hazard:changed` (which names no one) re-reads its ticket as
 * this user may see it, so a report shows as a pin as soon as the read comes back. Re-read whole every minute:
 * escalation levels move with the clock.
 */
export type HazardFeedState = {
  /** Open tickets, newest report first. */
  tickets: readonly HazardTicketView[];
  status: 'loading' | 'ready' | 'unavailable';
};

/** The register's own page size: a plant with more open dangers than this has bigger problems than a list. */
const OPEN_TICKETS_LIMIT = 500;
const REFRESH_MS = 60_000;

export const hazardFeedStore: Store<HazardFeedState> = createStore<HazardFeedState>({ tickets: [], status: 'loading' });

/**
 * What the hidden-danger tab shows, outside the component: back from a ticket, the list is as it was left. The
 * inspection section (巡检) is a view of the tab: the twin shows the checkpoints while it is open.
 */
export type HazardsView = { kind: 'list' } | { kind: 'detail'; number: string } | { kind: 'inspections' };
export const hazardPanelStore = createStore<{ view: HazardsView; stateFilter: 'open' | (typeof OPEN_HAZARD_STATES)[number]; focusRequest: number }>({
  view: { kind: 'list' },
  stateFilter: 'open',
  focusRequest: 0,
});

/** Opens the tab, on one ticket when given (a pin's click, a report just filed). */
export function openHazard(number?: string): void {
  hazardPanelStore.set((s) => ({ view: number === undefined ? { kind: 'list' } : { kind: 'detail', number }, focusRequest: s.focusRequest + 1 }));
  uiStore.set({ sidePanel: 'hazards' });
}

const isOpen = (view: HazardTicketView) => OPEN_HAZARD_STATES.includes(view.ticket.state);

export function ticketPath(number: string): string {
  return `${API_PATHS.hazards}/${encodeURIComponent(number)}`;
}

/** A photo or voice note by its key (POST answers it; GET needs the token). */
export function mediaPath(ref?: string): string {
  return ref === undefined ? `${API_PATHS.hazards}/media` : `${API_PATHS.hazards}/media/${encodeURIComponent(ref)}`;
}

export function connectHazardFeed(client: Pick<CoreClient, 'store' | 'on' | 'getJson'>): () => void {
  let wasConnected = false;
  /** A whole read answered after the latest (re)connection or a newer whole read is dropped. */
  let listSeq = 0;
  /** Tickets re-read while a whole read is out: applied again over its answer (the answer may predate them). */
  let meanwhile: HazardTicketView[] | null = null;
  const set = (tickets: readonly HazardTicketView[], status: HazardFeedState['status']) => hazardFeedStore.set({ tickets, status });
  /** Asked once per connection: a core without a historian keeps no hidden dangers and is not asked for them. */
  let kept: Promise<boolean> | null = null;
  const load = async () => {
    const mine = ++listSeq;
    kept ??= historianKept(client);
    if (!(await kept)) return mine === listSeq && set([], 'unavailable');
    meanwhile = [];
    const list = await client.getJson<HazardTicketView[]>(`${API_PATHS.hazards}?state=${OPEN_HAZARD_STATES.join(',')}&limit=${OPEN_TICKETS_LIMIT}`);
    if (mine !== listSeq) return;
    const late = meanwhile;
    meanwhile = null;
    if (!list) return set([], 'unavailable');
    set(late.reduce((l, v) => applyTicket(l, v, isOpen), sortTickets([...list])), 'ready');
  };
  const reread = async (number: string) => {
    const view = await client.getJson<HazardTicketDetail>(ticketPath(number));
    if (!view) return;
    meanwhile?.push(view);
    // A ticket read is an answer: a register that answers is there (a failed whole read said otherwise).
    hazardFeedStore.set((s) => ({ tickets: applyTicket(s.tickets, view, isOpen), status: s.status === 'loading' ? 'loading' : 'ready'}));
  };
  const onConnection = () => {
    const connected = client.store.get().connection === 'connected';
    if (connected && !wasConnected) {
      kept = null;
      void load();
    }
    wasConnected = connected;
  };
  onConnection();
  const timer = setInterval(() => wasConnected && void load(), REFRESH_MS);
  const offs = [client.store.subscribe(onConnection), client.on('hazard:changed', (change) => void reread(change.number))];
  return () => {
    listSeq++;
    clearInterval(timer);
    offs.forEach((off) => off());
  };
}
