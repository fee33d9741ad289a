import { describe, expect, it } from 'vitest';
import { buildGoalTree, flattenGoalTree, isStrictAncestorUnit, wouldCreateCycle, type GoalTreeNode } from './tree';

type G = { id: string; parentGoalId: string | null; title: string };
const goal = (id: string, parentGoalId: string | null = null): G => ({ id, parentGoalId, title: id });

const shape = (nodes: GoalTreeNode<G>[]): unknown => nodes.map((n) => (n.children.length ? { [n.id]: shape(n.children) } : n.id));

describe('buildGoalTree', () => {
  it('nests company goals, department goals and team goals, keeping the given order', () => {
    const goals = [goal('members'), goal('revenue'), goal('ads', 'members'), goal('seo', 'members'), goal('paid', 'ads'), goal('deals', 'revenue')];
    expect(shape(buildGoalTree(goals))).toEqual([{ members: [{ ads: ['paid'] }, 'seo'] }, { revenue: ['deals'] }]);
  });

  it('gives each node its depth', () => {
    const rows = flattenGoalTree(buildGoalTree([goal('a'), goal('b', 'a'), goal('c', 'b')]));
    expect(rows.map((r) => `${r.depth}:${r.id}`)).toEqual(['0:a', '1:b', '2:c']);
  });

  it('shows a goal whose parent is missing (filtered out or gone) at the top level', () => {
    expect(shape(buildGoalTree([goal('team', 'filtered-out'), goal('child', 'team')]))).toEqual([{ team: ['child'] }]);
  });

  it('loses no goal to a cycle in the data, and places each goal once', () => {
    const rows = flattenGoalTree(buildGoalTree([goal('a', 'b'), goal('b', 'a'), goal('self', 'self'), goal('c', 'a')]));
    expect(rows.map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'self']);
  });

  it('returns nothing for no goals', () => {
    expect(buildGoalTree([])).toEqual([]);
  });
});

describe('isStrictAncestorUnit', () => {
  const parents = new Map<string, string | null>([
    ['company', null],
    ['marketing', 'company'],
    ['paid', 'marketing'],
    ['sales', 'company'],
  ]);

  it('accepts the units above, however far up', () => {
    expect(isStrictAncestorUnit('marketing', 'paid', parents)).toBe(true);
    expect(isStrictAncestorUnit('company', 'paid', parents)).toBe(true);
  });

  it('refuses the unit itself, units below and units beside', () => {
    expect(isStrictAncestorUnit('paid', 'paid', parents)).toBe(false);
    expect(isStrictAncestorUnit('paid', 'marketing', parents)).toBe(false);
    expect(isStrictAncestorUnit('sales', 'paid', parents)).toBe(false);
    expect(isStrictAncestorUnit('company', 'company', parents)).toBe(false);
  });

  it('stops on a unit cycle and on unknown units', () => {
    const loop = new Map<string, string | null>([
      ['x', 'y'],
      ['y', 'x'],
    ]);
    expect(isStrictAncestorUnit('z', 'x', loop)).toBe(false);
    expect(isStrictAncestorUnit('company', 'nowhere', parents)).toBe(false);
  });
});

describe('wouldCreateCycle', () => {
  const goals = [goal('top'), goal('mid', 'top'), goal('low', 'mid'), goal('other')];

  it('refuses the goal itself and any goal below it', () => {
    expect(wouldCreateCycle('top', 'top', goals)).toBe(true);
    expect(wouldCreateCycle('top', 'mid', goals)).toBe(true);
    expect(wouldCreateCycle('top', 'low', goals)).toBe(true);
  });

  it('accepts goals above or beside it', () => {
    expect(wouldCreateCycle('low', 'top', goals)).toBe(false);
    expect(wouldCreateCycle('mid', 'other', goals)).toBe(false);
  });

  it('terminates on a cycle already in the data', () => {
    expect(wouldCreateCycle('z', 'a', [goal('a', 'b'), goal('b', 'a')])).toBe(false);
  });
});
