import { API_PATHS } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { historianKept } from '../connection/historianKept.js';
import { createStore, type Store } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';
import { hazardPanelStore } from './hazardFeed.js';
import type { InspectionPlanView } from './inspectionText.js';

/**
 * The inspection plans and their slots of the last week and the next day (issue 18 item 4), for the hidden-danger
 * tab's inspection section and the checkpoints on the twin. Read only while one of them is shown (the section is
 * open, or the twin's labels are on): every 30 s — a slot turns overdue or missed with the clock — and whenever a
 * hidden danger changes (a failed check item opens one, so a round has moved).
 */
export type InspectionFeedState = { plans: readonly InspectionPlanView[]; status: 'loading' | 'ready' | 'unavailable' };

const REFRESH_MS = 30_000;
const DAY_MS = 86_400_000;
/** A week back: the section's recent slots (a B plan's two-day slots, a C plan's half-weeks). */
const BACK_MS = 7 * DAY_MS;
const AHEAD_MS = DAY_MS;

export const inspectionFeedStore: Store<InspectionFeedState> = createStore<InspectionFeedState>({ plans: [], status: 'loading' });

/** Whether the screen shows what the feed feeds: the tab's inspection section, or the twin's labels. */
export function inspectionsShown(): boolean {
  const ui = uiStore.get();
  return ui.labelsVisible || (ui.sidePanel === 'hazards' && hazardPanelStore.get().view.kind === 'inspections');
}

export function inspectionsPath(nowMs: number): string {
  return `${API_PATHS.inspections}?from=${nowMs - BACK_MS}&to=${nowMs + AHEAD_MS}`;
}

export function connectInspectionFeed(client: Pick<CoreClient, 'store' | 'on' | 'getJson'>): () => void {
  let seq = 0;
  let kept: Promise<boolean> | null = null;
  let wasShown = false;
  const load = async () => {
    if (client.store.get().connection !== 'connected' || !inspectionsShown()) return;
    const mine = ++seq;
    kept ??= historianKept(client);
    if (!(await kept)) return mine === seq && inspectionFeedStore.set({ plans: [], status: 'unavailable' });
    const plans = await client.getJson<InspectionPlanView[]>(inspectionsPath(Date.now()));
    if (mine !== seq) return;
    inspectionFeedStore.set(plans ? { plans, status: 'ready' } : { plans: [], status: 'unavailable' });
  };
  // Read at once when the section opens or the labels come on (not 30 s later), and on each (re)connection.
  let wasConnected = false;
  const onChange = () => {
    const shown = inspectionsShown();
    const connected = client.store.get().connection === 'connected';
    if ((shown && !wasShown) || (connected && !wasConnected)) {
      kept = connected && !wasConnected ? null : kept;
      void load();
    }
    wasShown = shown;
    wasConnected = connected;
  };
  onChange();
  const timer = setInterval(() => void load(), REFRESH_MS);
  const offs = [uiStore.subscribe(onChange), hazardPanelStore.subscribe(onChange), client.store.subscribe(onChange), client.on('hazard:changed', () => void load())];
  return () => {
    seq++;
    clearInterval(timer);
    offs.forEach((off) => off());
  };
}
