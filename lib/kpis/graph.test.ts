import { describe, expect, it } from 'vitest';
import { findRollupCycle } from './graph';

describe('roll-up cycles', () => {
  const links = [
    { parentKpiId: 'revenue', childKpiId: 'east' },
    { parentKpiId: 'revenue', childKpiId: 'west' },
    { parentKpiId: 'east', childKpiId: 'agent' },
  ];

  it('accepts a DAG, including shared contributors', () => {
    expect(findRollupCycle('west', ['agent'], links)).toBeNull();
    expect(findRollupCycle('new', ['revenue', 'east'], links)).toBeNull();
  });

  it('names the cycle from the KPI back to itself', () => {
    expect(findRollupCycle('agent', ['revenue'], links)).toEqual(['agent', 'revenue', 'east', 'agent']);
    expect(findRollupCycle('east', ['east'], links)).toEqual(['east', 'east']);
  });

  it('replaces the KPI’s own current links instead of adding to them', () => {
    expect(findRollupCycle('revenue', ['west'], [...links, { parentKpiId: 'west', childKpiId: 'x' }])).toBeNull();
  });
});
