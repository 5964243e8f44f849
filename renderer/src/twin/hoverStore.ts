import { createStore } from '../state/createStore.js';

/**
 * What the pointer is over in the 3D view. Only the view reads it: a hovered item's name tag shows
 * (priority 'hovered' in labelPlacement.ts) and a hovered camera shows its view cone.
 */
export type Hovered = { kind: 'equipment' | 'sensor' | 'camera'; id: string } | null;
export const hoverStore = createStore<{ hovered: Hovered }>({ hovered: null });

/** Pointer handlers for a 3D object: hover on enter, clear on leave (only if it is still the hovered one). */
export function hoverHandlers(kind: NonNullable<Hovered>['kind'], id: string) {
  return {
    onPointerOver: (event: { stopPropagation(): void }) => {
      event.stopPropagation();
      hoverStore.set({ hovered: { kind, id } });
    },
    onPointerOut: () => {
      const current = hoverStore.get().hovered;
      if (current?.kind === kind && current.id === id) hoverStore.set({ hovered: null });
    },
  };
}
