import { describe, expect, it } from 'vitest';
import { sumUnitsProblem } from './sum-units';

const kpi = (name: string, unit: 'count' | 'currency' | 'percent' | 'ratio' | 'duration', currencyCode: string | null = null) => ({ name, unit, currencyCode });
const count = { unit: 'count' as const, currencyCode: null };

describe('sumUnitsProblem', () => {
  it('lets a sum add contributors of its own unit, one currency included', () => {
    expect(sumUnitsProblem(count, [kpi('East', 'count'), kpi('West', 'count')])).toBeNull();
    expect(sumUnitsProblem({ unit: 'currency', currencyCode: 'EUR' }, [kpi('EU', 'currency', 'EUR'), kpi('DE', 'currency', 'EUR')])).toBeNull();
    expect(sumUnitsProblem(count, [])).toBeNull();
  });

  it('names the contributors of different units: percent with count, and two currencies', () => {
    const problem = {
      field: 'rollupMethod',
      message: 'A sum cannot add Conversion rate (percent) to New customers (count). Use an average, or choose KPIs of one unit.',
    };
    expect(sumUnitsProblem(count, [kpi('New customers', 'count'), kpi('Conversion rate', 'percent')])).toEqual(problem);
    // Told against the one in the roll-up's unit, in whatever order they come (a saved roll-up's links have none).
    expect(sumUnitsProblem(count, [kpi('Conversion rate', 'percent'), kpi('New customers', 'count')])).toEqual(problem);
    expect(sumUnitsProblem({ unit: 'currency', currencyCode: 'EUR' }, [kpi('Revenue EU', 'currency', 'EUR'), kpi('Revenue EU 2', 'currency', 'EUR'), kpi('Revenue US', 'currency', 'USD')])?.message).toBe(
      'A sum cannot add Revenue US (USD) to Revenue EU (EUR). Use an average, or choose KPIs of one unit.',
    );
  });

  it('refuses a sum in another unit than its contributors’, a count of a percent above all', () => {
    expect(sumUnitsProblem(count, [kpi('Conversion rate', 'percent')])).toEqual({
      field: 'unit',
      message: 'A sum of Conversion rate (percent) is a percent, not a count. Make this KPI a percent too, or use an average.',
    });
    expect(sumUnitsProblem({ unit: 'currency', currencyCode: 'USD' }, [kpi('Revenue EU', 'currency', 'EUR'), kpi('Revenue DE', 'currency', 'EUR')])?.message).toBe(
      'A sum of Revenue EU and the other contributors (EUR) is an amount in EUR, not an amount in USD. Make this KPI an amount in EUR too, or use an average.',
    );
  });
});
