import { createStore, type Store } from './createStore.js';
import { uiStore, type Selection } from './uiStore.js';

type SelectedKind = NonNullable<Selection>['kind'];

/**
 * A moment or event a record link asked a selected thing's details to show (a sensor's trend on an alarm's hour, a
 * camera event's snapshot). It holds while that thing stays selected (its details may mount more than once) and is
 * dropped when the selection moves on, so selecting the same thing later shows it live again.
 */
export function selectionFocusStore<F>(kind: SelectedKind, idOf: (focus: F) => string): Store<{ focus: F | null }> {
  const store = createStore<{ focus: F | null }>({ focus: null });
  uiStore.subscribe(() => {
    const focus = store.get().focus;
    const selection = uiStore.get().selection;
    if (focus && !(selection?.kind === kind && selection.id === idOf(focus))) store.set({ focus: null });
  });
  return store;
}
