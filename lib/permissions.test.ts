import { describe, expect, it } from 'vitest';
import { can, isWithinSubtree, mayInScope, roleLabels, type Actor } from './permissions';

/**
 * The check functions behind the table, by hand: the matrix tests drive them
 * through the runner (always with a target); pages and buttons ask without
 * one, and the edges of a target (lists, missing fields, loops) live here.
 */
const parents = new Map<string, string | null>([
  ['company', null],
  ['marketing', 'company'],
  ['paid', 'marketing'],
  ['organic', 'marketing'],
  ['sales', 'company'],
  ['loop-a', 'loop-b'],
  ['loop-b', 'loop-a'],
]);
const member = (over: Partial<Actor> = {}): Actor => ({ userId: 'me', role: 'member', headOf: [], memberOf: [], ...over });

describe('scoped grants', () => {
  it('exist for members on permissions with a scope, never for viewers, never on executive-only permissions', () => {
    expect(mayInScope('member', 'goals.manage')).toBe(true);
    expect(mayInScope('member', 'metrics.update')).toBe(true);
    expect(mayInScope('viewer', 'goals.manage')).toBe(false);
    expect(mayInScope('member', 'organization.update')).toBe(false);
    expect(mayInScope('member', 'periods.lock')).toBe(false);
  });
});

describe('can, without a target (showing a page or a button)', () => {
  it('answers by role, then by whether the person heads, belongs to or may own something', () => {
    expect(can(member({ role: 'admin' }), 'periods.lock')).toBe(true);
    expect(can(member(), 'periods.lock')).toBe(false);
    // Heads: only with a head row.
    expect(can(member({ headOf: ['paid'] }), 'goals.manage')).toBe(true);
    expect(can(member({ memberOf: ['paid'] }), 'goals.manage')).toBe(false);
    expect(can(member(), 'goals.manage')).toBe(false);
    // Members: only with a unit.
    expect(can(member({ memberOf: ['paid'] }), 'kpis.draft')).toBe(true);
    expect(can(member(), 'kpis.draft')).toBe(false);
    expect(can({ userId: 'me', role: 'member', headOf: [] }, 'kpis.draft')).toBe(false);
    // Owners of records: anyone who may hold one.
    expect(can(member(), 'metrics.update')).toBe(true);
    // Viewers: never, however they sit in the tree.
    expect(can(member({ role: 'viewer', headOf: ['paid'], memberOf: ['paid'] }), 'goals.manage')).toBe(false);
    expect(can(member({ role: 'viewer' }), 'metrics.update')).toBe(false);
  });
});

describe('can, with a target', () => {
  it('lets heads act in their subtree when any unit of a list lies in it', () => {
    const head = member({ headOf: ['marketing'] });
    expect(can(head, 'goals.manage', { unitId: 'paid', parents })).toBe(true);
    expect(can(head, 'goals.manage', { unitId: ['sales', 'paid'], parents })).toBe(true);
    expect(can(head, 'goals.manage', { unitId: ['sales'], parents })).toBe(false);
    expect(can(head, 'goals.manage', { unitId: null, parents })).toBe(false);
    expect(can(head, 'goals.manage', { parents })).toBe(false);
  });

  it('lets members act in their own unit when any unit of a list is theirs, and not below it', () => {
    const mine = member({ memberOf: ['paid'] });
    expect(can(mine, 'kpis.draft', { unitId: ['sales', 'paid'], parents })).toBe(true);
    expect(can(mine, 'kpis.draft', { unitId: 'organic', parents })).toBe(false);
    expect(can({ userId: 'me', role: 'member', headOf: [] }, 'kpis.draft', { unitId: 'paid', parents })).toBe(false);
  });

  it('lets the owner of a record act on it where the permission says so', () => {
    expect(can(member(), 'metrics.update', { parents, ownerIds: ['me'] })).toBe(true);
    expect(can(member(), 'metrics.update', { parents, ownerIds: ['someone'] })).toBe(false);
    expect(can(member(), 'metrics.update', { parents })).toBe(false);
    expect(can({ role: 'member', headOf: [] }, 'metrics.update', { parents, ownerIds: ['me'] })).toBe(false);
    // goals.manage has no owner grant: owning the record gives nothing.
    expect(can(member(), 'goals.manage', { unitId: 'paid', parents, ownerIds: ['me'] })).toBe(false);
  });
});

describe('isWithinSubtree', () => {
  it('finds a unit itself and anything below, and stops on a loop or a missing parent', () => {
    expect(isWithinSubtree('marketing', ['marketing'], parents)).toBe(true);
    expect(isWithinSubtree('paid', ['company'], parents)).toBe(true);
    expect(isWithinSubtree('marketing', ['paid'], parents)).toBe(false);
    expect(isWithinSubtree('loop-a', ['company'], parents)).toBe(false);
    expect(isWithinSubtree('nowhere', ['company'], parents)).toBe(false);
  });
});

it('names the roles as people read them', () => {
  expect(roleLabels).toEqual({ owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' });
});
