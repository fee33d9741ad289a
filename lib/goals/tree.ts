/** Pure helpers for goal alignment: the tree (company → departments → teams) and the rules that keep it one. */

import type { UnitParents } from '@/lib/permissions';

export type GoalNode = { id: string; parentGoalId: string | null };
export type GoalTreeNode<T extends GoalNode> = T & { depth: number; children: GoalTreeNode<T>[] };

/**
 * Goals as a forest: each goal under the goal it aligns to. A goal whose
 * parent is not in the list (filtered out, or gone) starts a tree of its own,
 * and so does a goal caught in a cycle, so no goal is ever lost. Siblings keep
 * the order of `goals` (sort them first).
 */
export function buildGoalTree<T extends GoalNode>(goals: readonly T[]): GoalTreeNode<T>[] {
  const ids = new Set(goals.map((g) => g.id));
  const childrenOf = new Map<string, T[]>();
  for (const goal of goals) {
    if (goal.parentGoalId && goal.parentGoalId !== goal.id && ids.has(goal.parentGoalId)) {
      childrenOf.set(goal.parentGoalId, [...(childrenOf.get(goal.parentGoalId) ?? []), goal]);
    }
  }
  const placed = new Set<string>();
  const grow = (goal: T, depth: number): GoalTreeNode<T> => {
    placed.add(goal.id);
    const children = (childrenOf.get(goal.id) ?? []).filter((child) => !placed.has(child.id)).map((child) => grow(child, depth + 1));
    return { ...goal, depth, children };
  };
  const isRoot = (goal: T) => !goal.parentGoalId || goal.parentGoalId === goal.id || !ids.has(goal.parentGoalId);
  const roots = goals.filter(isRoot).map((goal) => grow(goal, 0));
  // Whatever is left sits on a cycle that no root reaches: break it at its first goal.
  for (const goal of goals) if (!placed.has(goal.id)) roots.push(grow(goal, 0));
  return roots;
}

/** The tree depth-first, parents before their children, as rows for a flat list or a select. */
export function flattenGoalTree<T extends GoalNode>(roots: readonly GoalTreeNode<T>[]): GoalTreeNode<T>[] {
  return roots.flatMap((node) => [node, ...flattenGoalTree(node.children)]);
}

/** Whether `ancestorId` lies strictly above `unitId` in the unit tree. */
export function isStrictAncestorUnit(ancestorId: string, unitId: string, parents: UnitParents): boolean {
  const seen = new Set<string>([unitId]);
  for (let id = parents.get(unitId); id && !seen.has(id); id = parents.get(id)) {
    if (id === ancestorId) return true;
    seen.add(id);
  }
  return false;
}

/**
 * Whether aligning `goalId` to `parentGoalId` would make the goal its own
 * ancestor: the new parent is the goal itself or one of the goals below it.
 */
export function wouldCreateCycle(goalId: string, parentGoalId: string, goals: readonly GoalNode[]): boolean {
  const parentOf = new Map(goals.map((g) => [g.id, g.parentGoalId]));
  const seen = new Set<string>();
  for (let id: string | null | undefined = parentGoalId; id && !seen.has(id); id = parentOf.get(id)) {
    if (id === goalId) return true;
    seen.add(id);
  }
  return false;
}
