/**
 * Roll-up links form a DAG (parent KPI ← contributing KPIs). Before new links
 * are saved, this finds the cycle they would close, so the error can name it.
 */
export type Link = { parentKpiId: string; childKpiId: string };

/**
 * The cycle that giving `parentId` the contributors `childIds` would create,
 * as KPI ids from `parentId` back to itself, or null. `existing` are the
 * organization's other links; the parent's own current links are replaced.
 */
export function findRollupCycle(parentId: string, childIds: readonly string[], existing: readonly Link[]): string[] | null {
  const children = new Map<string, string[]>();
  for (const link of existing) {
    if (link.parentKpiId === parentId) continue;
    const list = children.get(link.parentKpiId) ?? [];
    list.push(link.childKpiId);
    children.set(link.parentKpiId, list);
  }
  children.set(parentId, [...childIds]);

  // Depth-first from the parent; reaching it again closes a cycle. The path is kept for the message.
  const path: string[] = [parentId];
  const done = new Set<string>();
  const walk = (id: string): boolean => {
    for (const next of children.get(id) ?? []) {
      if (next === parentId) return path.push(next), true;
      if (done.has(next) || path.includes(next)) continue;
      path.push(next);
      if (walk(next)) return true;
      path.pop();
      done.add(next);
    }
    return false;
  };
  return walk(parentId) ? path : null;
}
