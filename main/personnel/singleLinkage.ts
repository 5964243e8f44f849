/**
 * Single-linkage clustering (the connected components of the "within maxDistanceM" graph): two
 * people are in one group when a chain of people, each at most maxDistanceM from the next, joins
 * them. O(n²) pair tests with union–find: the people inside one area are tens, not thousands.
 * Returns the size of every group, largest first.
 */
export function singleLinkageClusterSizes(points: readonly { x: number; y: number }[], maxDistanceM: number): number[] {
  const parent = points.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    // Path compression keeps later finds O(α(n)).
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const maxDistanceSq = maxDistanceM * maxDistanceM;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    for (let j = i + 1; j < points.length; j++) {
      const b = points[j]!;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      if (dx * dx + dy * dy <= maxDistanceSq) {
        const ra = find(i);
        const rb = find(j);
        if (ra !== rb) parent[ra] = rb;
      }
    }
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < points.length; i++) {
    const root = find(i);
    sizes.set(root, (sizes.get(root) ?? 0) + 1);
  }
  return [...sizes.values()].sort((a, b) => b - a);
}
