import { API_PATHS, type LocalizedText, type RosterDocument, type WarningDeadline, type WarningView } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { createStore, type Store } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';

export const warningPath = (warningId: string) => `${API_PATHS.warnings}/${encodeURIComponent(warningId)}`;

/**
 * The screen's view of warning dispatch, one feed for the alarm list's countdowns, the banner's, the to-dispose
 * list and its count: each open warning's deadlines by alarm (`warning:deadlines`, whole on connection and on every
 * change), the posts' names from the roster (the countdown says where a warning went: "已升级至 安全经理"), and the
 * cleared warnings awaiting a disposition, re-read (debounced) on `warning:changed`.
 */
export type DispatchFeedState = {
  /** Open warnings' deadlines by alarm id (one open warning per alarm occurrence; the latest raised wins). */
  deadlines: ReadonlyMap<string, WarningDeadline>;
  /** Post and shift names by id (the roster's LocalizedText): no raw id on a screen. */
  posts: ReadonlyMap<string, LocalizedText>;
  shifts: ReadonlyMap<string, LocalizedText>;
  /** Roster people's names by id ('' where this role may not see names): a delivery names its recipient by id only. */
  people: ReadonlyMap<string, string>;
  /** Warnings not closed, as this user may see them (the to-dispose list takes the cleared ones). */
  warnings: readonly WarningView[];
  status: 'loading' | 'ready' | 'unavailable';
};

export const dispatchFeedStore: Store<DispatchFeedState> = createStore<DispatchFeedState>({ deadlines: new Map(), posts: new Map(), shifts: new Map(), people: new Map(), warnings: [], status: 'loading' });

/** What the warnings tab shows, outside the component: back from a warning, the section is as it was left. */
export type WarningsView = { kind: 'dispose' } | { kind: 'detail'; warningId: string } | { kind: 'roster' };
export const warningsPanelStore = createStore<{ view: WarningsView; focusRequest: number }>({ view: { kind: 'dispose' }, focusRequest: 0 });

/** Opens the warnings tab on a warning (an alarm row's countdown) or on a section. */
export function openWarnings(view: WarningsView): void {
  warningsPanelStore.set((s) => ({ view, focusRequest: s.focusRequest + 1 }));
  uiStore.set({ sidePanel: 'warnings' });
}

/** A plant with more open warnings than this is in a flood the list is no tool for; the core's page size. */
const OPEN_WARNINGS_LIMIT = 500;
/** `warning:changed` comes per step of every warning: a flood re-reads the list once per this, not per step. */
const REREAD_DEBOUNCE_MS = 1_000;
/** The roster's names change seldom (an editor's save re-reads at once): re-read in case another screen saved. */
const ROSTER_REFRESH_MS = 5 * 60_000;

/** The latest raised warning of each alarm (warningId = `${alarmId}@${raisedAtMs}`). */
export function deadlinesByAlarm(deadlines: readonly WarningDeadline[]): Map<string, WarningDeadline> {
  const raisedAt = (d: WarningDeadline) => Number(d.warningId.slice(d.warningId.lastIndexOf('@') + 1)) || 0;
  const byAlarm = new Map<string, WarningDeadline>();
  for (const d of deadlines) {
    const held = byAlarm.get(d.alarmId);
    if (!held || raisedAt(d) >= raisedAt(held)) byAlarm.set(d.alarmId, d);
  }
  return byAlarm;
}

/** Puts a warning read alone (a step's answer) into the list in its place; a closed one stays, shown as disposed, until the list is re-read. */
export function applyWarning(list: readonly WarningView[], view: WarningView): WarningView[] {
  const at = list.findIndex((w) => w.warningId === view.warningId);
  if (at < 0) return [...list, view];
  const next = [...list];
  next[at] = view;
  return next;
}

export function connectDispatchFeed(client: Pick<CoreClient, 'store' | 'on' | 'getJson'>): () => void {
  let wasConnected = false;
  let listSeq = 0;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  const loadRoster = async () => {
    const roster = await client.getJson<RosterDocument>(`${API_PATHS.dispatch}/roster`);
    if (roster) rosterNamesFrom(roster);
  };
  const loadWarnings = async () => {
    const mine = ++listSeq;
    const list = await client.getJson<WarningView[]>(`${API_PATHS.warnings}?open=1&limit=${OPEN_WARNINGS_LIMIT}`);
    if (mine !== listSeq) return;
    dispatchFeedStore.set(list ? { warnings: list, status: 'ready' } : { warnings: [], status: 'unavailable' });
  };
  const onConnection = () => {
    const connected = client.store.get().connection === 'connected';
    if (connected && !wasConnected) {
      void loadRoster();
      void loadWarnings();
    }
    wasConnected = connected;
  };
  onConnection();
  const timer = setInterval(() => wasConnected && void loadRoster(), ROSTER_REFRESH_MS);
  const offs = [
    client.store.subscribe(onConnection),
    client.on('warning:deadlines', (deadlines) => dispatchFeedStore.set({ deadlines: deadlinesByAlarm(deadlines) })),
    client.on('warning:changed', () => {
      if (debounce) return;
      debounce = setTimeout(() => {
        debounce = null;
        void loadWarnings();
      }, REREAD_DEBOUNCE_MS);
    }),
  ];
  return () => {
    listSeq++;
    clearInterval(timer);
    if (debounce) clearTimeout(debounce);
    offs.forEach((off) => off());
  };
}

/** The roster was saved or imported on this screen: its names at once. */
export function rosterNamesFrom(roster: RosterDocument): void {
  dispatchFeedStore.set({ posts: new Map(roster.posts.map((p) => [p.id, p.name])), shifts: new Map(roster.shifts.map((s) => [s.id, s.name])), people: new Map(roster.people.map((p) => [p.id, p.name])) });
}
