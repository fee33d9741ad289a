import { describe, expect, it } from 'vitest';
import { flattenTree, kindUnder, subtreeIds, type UnitNode } from './tree';

const units: UnitNode[] = [
  { id: 'c', parentId: null, kind: 'company', name: 'Acme' },
  { id: 'm', parentId: 'c', kind: 'department', name: 'Marketing' },
  { id: 's', parentId: 'c', kind: 'department', name: 'Sales' },
  { id: 'p', parentId: 'm', kind: 'team', name: 'Paid Media' },
  { id: 'x', parentId: 'p', kind: 'team', name: 'Experiments' },
];

describe('unit tree', () => {
  it('finds a subtree', () => {
    expect(subtreeIds('m', units)).toEqual(new Set(['m', 'p', 'x']));
    expect(subtreeIds('s', units)).toEqual(new Set(['s']));
  });

  it('orders parents before children, siblings by name, with depth', () => {
    expect(flattenTree(units).map((u) => `${u.depth}:${u.name}`)).toEqual([
      '0:Acme',
      '1:Marketing',
      '2:Paid Media',
      '3:Experiments',
      '1:Sales',
    ]);
  });

  it('makes departments under the company and teams below', () => {
    expect(kindUnder({ kind: 'company' })).toBe('department');
    expect(kindUnder({ kind: 'department' })).toBe('team');
    expect(kindUnder({ kind: 'team' })).toBe('team');
  });
});
