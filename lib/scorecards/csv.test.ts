import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { scorecardCsv, scorecardCsvHeader, scorecardFileName } from './csv';
import type { OrgScorecard, OrgScorecardKpi, OrgScorecardUnit } from './org-scorecard';

const unit = (id: string, name: string, kind: 'company' | 'department' | 'team', parentId: string | null, score: number | null): OrgScorecardUnit => ({
  unit: { id, name, kind },
  parentId,
  weight: 1,
  score,
  status: score === null ? 'no_data' : score >= 1 ? 'on_track' : score >= 0.9 ? 'at_risk' : 'off_track',
  coverage: score === null ? null : 0.5,
  counted: 2,
  covered: score === null ? 0 : 1,
  trend: [],
});
const kpi = (fields: Partial<OrgScorecardKpi> & Pick<OrgScorecardKpi, 'id' | 'name' | 'unitId'>): OrgScorecardKpi => ({
  goalId: null,
  weight: 1,
  measure: { unit: 'count', currencyCode: null },
  direction: 'up',
  frequency: 'month',
  counted: true,
  derivation: null,
  actual: null,
  target: null,
  score: null,
  status: 'no_data',
  stale: false,
  trend: [],
  change: null,
  ...fields,
});

const card: OrgScorecard = {
  unit: { id: 'm', name: 'Marketing', kind: 'department' },
  period: '2026-10',
  periods: ['2026-09', '2026-10'],
  units: [unit('m', 'Marketing', 'department', 'c', 0.95), unit('p', 'Paid, Media "EU"', 'team', 'm', 1.1), unit('t', 'Content', 'team', 'm', null)],
  kpis: [
    kpi({ id: 'k1', name: 'Cost per acquisition', unitId: 'm', measure: { unit: 'currency', currencyCode: 'EUR' }, direction: 'down', actual: 61.23456, target: { value: 60 }, score: 0.987654321, status: 'at_risk' }),
    kpi({ id: 'k2', name: '=HYPERLINK("http://evil")', unitId: 'p', actual: -5, target: { value: 10 }, score: 0, status: 'off_track', stale: true }),
    kpi({ id: 'k3', name: 'Response time', unitId: 't', measure: { unit: 'duration', currencyCode: null }, direction: 'within', target: { low: 0, high: 60 } }),
    kpi({ id: 'k4', name: '@sum\tlines\r\nnext', unitId: 't' }),
  ],
  movers: [],
  red: [],
  stale: [],
};

describe('scorecardCsv', () => {
  const text = scorecardCsv(card, ['Acme']);

  it('is RFC 4180 with a byte-order mark for Excel: CRLF line ends, a header, a row per unit then per KPI', () => {
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(scorecardCsvHeader.join(','));
    expect(lines[1]).toBe('unit,2026-10,Acme / Marketing,Marketing,,,,,,,,0.95,At risk,0.5,,');
    expect(lines[4]).toBe('kpi,2026-10,Acme / Marketing,Cost per acquisition,currency,EUR,down,61.23456,60,,,0.9877,At risk,,false,');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('round-trips through a CSV parser: quotes, commas and line breaks inside cells', () => {
    const { data, errors } = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true });
    expect(errors).toEqual([]);
    expect(data).toHaveLength(1 + 3 + 4);
    expect(data[2]!.slice(2, 4)).toEqual(['Acme / Marketing / Paid, Media "EU"', 'Paid, Media "EU"']);
    expect(data[3]!.slice(11, 14)).toEqual(['', 'No data', '']);
    expect(data[6]!.slice(8, 11)).toEqual(['', '0', '60']);
  });

  it('escapes text a spreadsheet would run as a formula, but keeps negative numbers as numbers', () => {
    const { data } = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true });
    const injected = data[5]!;
    expect(injected[3]).toBe(`'=HYPERLINK("http://evil")`);
    expect(injected[7]).toBe('-5');
    expect(injected[14]).toBe('true');
    expect(data[7]![3]).toBe("'@sum\tlines\r\nnext");
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('names the file after the organization, the unit and the period', () => {
    expect(scorecardFileName('acme', 'Customer Service', '2026-Q3')).toBe('acme-customer-service-scorecard-2026-Q3.csv');
    expect(scorecardFileName('acme', 'Ventes Île-de-France', '2026')).toBe('acme-ventes-ile-de-france-scorecard-2026.csv');
    expect(scorecardFileName('acme', '***', '2026-10')).toBe('acme-unit-scorecard-2026-10.csv');
  });
});
