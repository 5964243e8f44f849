import { useEffect, useRef, useState } from 'react';

/**
 * Holds what an element shows (the banner's alarm, the people strip's order) while the pointer is over
 * it or keyboard focus is inside it; releases when both have left. While nothing is shown (null) the
 * first value to appear is held. Keyboard focus only (:focus-visible): a mouse click leaves focus on the button it
 * pressed, which must not keep the element frozen once the pointer has gone. The pointer is followed with
 * native pointerenter/pointerleave on the element itself, which the browser keeps right even when content
 * under the pointer changes. `keep`: hold also while it is true, wherever pointer and focus are (a row the operator
 * opened to act on, with a mouse that has since wandered off).
 */
export function useHoldWhileEngaged<E extends HTMLElement, V>(shown: V | null, keep = false) {
  const [held, setHeld] = useState<V | null>(null);
  const ref = useRef<E>(null);
  const pointerInside = useRef(false);
  const focusInside = useRef(false);
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const keepRef = useRef(keep);
  keepRef.current = keep;
  const update = () => {
    const holding = pointerInside.current || focusInside.current || keepRef.current;
    setHeld((current) => (holding ? (current ?? shownRef.current) : null));
  };
  const keyboardFocusInside = () => {
    const active = document.activeElement;
    return active !== null && ref.current !== null && ref.current.contains(active) && active.matches(':focus-visible');
  };
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const enter = () => ((pointerInside.current = true), update());
    const leave = () => {
      pointerInside.current = false;
      focusInside.current = keyboardFocusInside();
      update();
    };
    element.addEventListener('pointerenter', enter);
    element.addEventListener('pointerleave', leave);
    return () => {
      element.removeEventListener('pointerenter', enter);
      element.removeEventListener('pointerleave', leave);
    };
  }, []);
  useEffect(update, [keep]);
  // Nothing was shown when the pointer came in: the first value to appear is held from then on.
  useEffect(() => {
    if (shown && (pointerInside.current || focusInside.current || keepRef.current)) setHeld((current) => current ?? shown);
  }, [shown]);
  return {
    held,
    ref,
    onFocus: () => ((focusInside.current = keyboardFocusInside()), update()),
    onBlur: (event: React.FocusEvent) => {
      if (event.currentTarget.contains(event.relatedTarget as Node | null) && keyboardFocusInside()) return;
      focusInside.current = false;
      update();
    },
  };
}

/**
 * The rows a held list shows: while held, the held order first — each row as it is now, or as last seen if it left
 * the list — and rows that arrived meanwhile below; released, the order as it is.
 */
export function heldRows<V>(order: readonly string[], held: readonly string[] | null, current: ReadonlyMap<string, V>, seen: ReadonlyMap<string, V>): V[] {
  const shown = held ? [...held, ...order.filter((id) => !held.includes(id))] : order;
  return shown.map((id) => current.get(id) ?? seen.get(id)).filter((v): v is V => v !== undefined);
}

/**
 * A list whose rows keep their order while the pointer is over it or keyboard focus is in it (or while `keep`): a
 * row updated meanwhile changes where it stands, a new one waits below, one that left stays (as last seen) until
 * released, so the row about to be clicked does not move. Rows by `idOf`; spread the rest onto the list element.
 */
export function useHeldList<E extends HTMLElement, V>(items: readonly V[], idOf: (item: V) => string, keep = false) {
  const order = items.map(idOf);
  const hold = useHoldWhileEngaged<E, string[]>(order, keep);
  // The last version seen of each row: a held row that left the list still shows what it was.
  const seen = useRef(new Map<string, V>());
  for (const item of items) seen.current.set(idOf(item), item);
  const current = new Map(items.map((item) => [idOf(item), item]));
  const rows = heldRows(order, hold.held, current, seen.current);
  if (!hold.held) seen.current = current;
  return { rows, held: hold.held, ref: hold.ref, onFocus: hold.onFocus, onBlur: hold.onBlur };
}
