/** Pure tree helpers for org units: layers, subtrees and safe moves. */

export type UnitNode = { id: string; parentId: string | null; kind: 'company' | 'department' | 'team'; name: string };

/** The kind a unit takes under a given parent: departments sit under the company, teams under anything else. */
export function kindUnder(parent: Pick<UnitNode, 'kind'>): 'department' | 'team' {
  return parent.kind === 'company' ? 'department' : 'team';
}

/** Ids of `rootId` and everything below it. */
export function subtreeIds(rootId: string, units: readonly Pick<UnitNode, 'id' | 'parentId'>[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** Units ordered as a tree (parents before children, siblings by name) with their depth. */
export function flattenTree<T extends UnitNode>(units: readonly T[]): (T & { depth: number })[] {
  const byParent = new Map<string | null, T[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  for (const list of byParent.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out: (T & { depth: number })[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const u of byParent.get(parentId) ?? []) {
      out.push({ ...u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** Every unit in the subtrees of the units someone heads. */
export function headedUnitIds(headOf: readonly string[], units: readonly Pick<UnitNode, 'id' | 'parentId'>[]): Set<string> {
  return new Set(headOf.flatMap((id) => [...subtreeIds(id, units)]));
}
