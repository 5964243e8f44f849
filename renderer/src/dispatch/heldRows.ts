/**
 * The rows a held list shows (useHoldWhileEngaged): while held, the held order first — each row as it is now, or as
 * last seen if it left the list — and rows that arrived meanwhile below; released, the order as it is.
 */
export function heldRows<V>(order: readonly string[], held: readonly string[] | null, current: ReadonlyMap<string, V>, seen: ReadonlyMap<string, V>): V[] {
  const shown = held ? [...held, ...order.filter((id) => !held.includes(id))] : order;
  return shown.map((id) => current.get(id) ?? seen.get(id)).filter((v): v is V => v !== undefined);
}
