import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '.';
import { apiTokens, goals, kpiLinks, kpiMetrics, kpis, kpiTargets, measurements, metrics, organizations } from './schema';
import { generateToken } from '@/lib/api-tokens/token';
import { appendAudit, type AuditEntry } from '@/lib/audit/mutations';
import { formulaReferences, parseFormula, printFormula } from '@/lib/formula';
import { activateKpi } from '@/lib/kpis/mutations';
import {
  addDays,
  daysBetween,
  fiscalYearOf,
  lastCompletedPeriod,
  periodContaining,
  periodsBetween,
  periodsInRange,
  periodsOfFiscalYear,
  shiftPeriod,
  type FiscalCalendar,
  type IsoDate,
  type Period,
} from '@/lib/periods';

/**
 * The demo organization's goals, metrics, KPIs, targets and a year of values
 * (product.md §7). Every date is relative to the day the seed runs, so the
 * demo always shows the last twelve completed months and the current one.
 *
 * The values are built backwards from the status each KPI should have: for
 * every month the story picks a score, and the actual is the one that scores
 * it against that month's target and baseline. That is how the last completed
 * month reliably shows Agents East on track, Agents West and HR red, cost per
 * acquisition and response time at risk — whatever month it is.
 */

type MetricRow = typeof metrics.$inferInsert;
type KpiRow = typeof kpis.$inferInsert;
type TargetValue = { value: number } | { low: number; high: number };

/** The company unit, which the seed knows by id rather than by name. */
export const companyUnit = '(company)';

export type SeedMetric = {
  key: string;
  name: string;
  description: string;
  unit: MetricRow['unit'];
  currencyCode?: string;
  aggregation: MetricRow['aggregation'];
  frequency: MetricRow['frequency'];
  owner: string;
  /** How the values arrive: `api` ones have no person who recorded them. */
  source: 'manual' | 'csv' | 'api';
};

export type SeedGoal = {
  title: string;
  unit: string;
  owner: string;
  parent: string | null;
  description: string;
  outcome?: { kpi: string; target: number };
};

export type SeedKpi = {
  name: string;
  unit: string;
  goal: string | null;
  description: string;
  owner: string;
  measure: KpiRow['unit'];
  currencyCode?: string;
  direction: 'up' | 'down' | 'within';
  frequency: 'week' | 'month' | 'quarter';
  indicator: KpiRow['indicator'];
  horizon: KpiRow['horizon'];
  baseline: number | null;
  source: { formula: string } | { rollup: 'sum'; of: string[] };
  /** Left as a draft: proposed, not yet agreed. */
  draft?: boolean;
  targets: { periodKey: string; target: TargetValue }[];
};

export type SeedMeasurement = { metric: string; date: IsoDate; value: number };

export type PerformancePlan = {
  today: IsoDate;
  fiscalYear: number;
  /** The day before the twelve months begin: when the baselines were measured. */
  baselineDate: IsoDate;
  /** The twelve completed months, oldest first. */
  months: Period[];
  goalSpan: { start: IsoDate; due: IsoDate };
  metrics: SeedMetric[];
  goals: SeedGoal[];
  kpis: SeedKpi[];
  measurements: SeedMeasurement[];
};

const email = (local: string) => `${local}@acme.test`;

/** Sign-ups by calendar month, January first: a summer dip and a strong autumn. Sums to 12. */
const seasonality = [0.95, 0.9, 1.0, 1.0, 1.0, 0.95, 0.85, 0.85, 1.05, 1.1, 1.15, 1.2] as const;

/**
 * A deterministic wiggle in [-1, 1]: FNV-1a over the parts, then murmur3's
 * finaliser so neighbouring months differ. Keyed by series and period, the
 * same month gets the same number whatever day the seed runs.
 */
export function wiggle(...parts: string[]): number {
  const text = parts.join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/** The actual that scores `score` against a target (product.md §3 solved for the actual). */
function actualFor(direction: 'up' | 'down', target: number, baseline: number | null, score: number): number {
  if (baseline !== null && baseline !== target) return baseline + score * (target - baseline);
  return direction === 'up' ? score * target : target / score;
}

/** Whole numbers that add up to `total`, shared by weight (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const whole = raw.map(Math.floor);
  let left = total - whole.reduce((s, x) => s + x, 0);
  const byRemainder = raw.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    whole[i]! += 1;
    left -= 1;
  }
  return whole;
}

const monthOfKey = (key: string) => Number(key.slice(5, 7));
const quarterOfKey = (key: string) => Number(key.slice(-1));

/**
 * Targets per fiscal year: this year's plan and last year's (lower) one.
 * Years before last year reuse last year's, which only the twelve months of
 * values can reach when the fiscal year does not start in January.
 */
function targetLevels(fiscalYear: number) {
  const pick = (fy: number, current: number, previous: number) => (fy >= fiscalYear ? current : previous);
  const members = (fy: number) => pick(fy, 2000, 1600);
  return {
    members,
    membersInMonth: (fy: number, month: Period) => apportion(members(fy), seasonality)[monthOfKey(month.key) - 1]!,
    cpa: (fy: number) => pick(fy, 60, 65),
    roas: (fy: number) => pick(fy, 3, 2.8),
    conversion: (fy: number) => pick(fy, 0.45, 0.42),
    leadsPerWeek: (fy: number) => pick(fy, 95, 85),
    likes: (fy: number) => pick(fy, 6000, 5000),
    cpc: (fy: number) => pick(fy, 0.85, 0.9),
    paidConversion: (fy: number) => pick(fy, 0.65, 0.6),
    agentSales: 100,
    pipeline: (fy: number) => pick(fy, 1_200_000, 1_000_000),
    revenueByQuarter: (fy: number) => (fy >= fiscalYear ? [960_000, 1_000_000, 1_000_000, 1_040_000] : [820_000, 850_000, 850_000, 880_000]),
    churn: (fy: number) => pick(fy, 1, 1.2),
    churnYear: (fy: number) => pick(fy, 12, 14),
    csat: 85,
    responseBand: { low: 0, high: 60 },
    visitors: (fy: number) => pick(fy, 36_000, 32_000),
    dealValue: (fy: number) => pick(fy, 1900, 1800),
  };
}

const baselines = {
  cpa: 68,
  roas: 2.5,
  conversion: 0.4,
  leads: 70,
  likes: 4000,
  cpc: 1,
  paidConversion: 0.45,
  agentSales: 90,
  pipeline: 900_000,
  revenue: 780_000,
  churn: 1.5,
  csat: 80,
  responseMinutes: 52,
  visitors: 30_000,
  dealValue: 1700,
};

export const demoMetrics: SeedMetric[] = [
  { key: 'visitors', name: 'Website visitors', description: 'Unique visitors to the website in the period, from web analytics.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('content'), source: 'api' },
  { key: 'paid_signups', name: 'Paid sign-ups', description: 'New members who completed their first payment.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('analyst'), source: 'api' },
  { key: 'ad_spend', name: 'Ad spend', description: 'Money spent on paid media, all channels.', unit: 'currency', currencyCode: 'EUR', aggregation: 'sum', frequency: 'month', owner: email('paid'), source: 'api' },
  { key: 'attributed_revenue', name: 'Ad-attributed revenue', description: 'First-year revenue of members whose sign-up is attributed to an ad.', unit: 'currency', currencyCode: 'EUR', aggregation: 'sum', frequency: 'month', owner: email('analyst'), source: 'api' },
  { key: 'ad_clicks', name: 'Ad clicks', description: 'Clicks on paid ads, all channels.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('paid'), source: 'api' },
  { key: 'paid_media_signups', name: 'Sign-ups from paid media', description: 'Paid sign-ups whose last click came from a paid ad.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('analyst'), source: 'api' },
  { key: 'qualified_leads', name: 'Qualified leads', description: 'Leads that Sales accepted as qualified, counted each week.', unit: 'count', aggregation: 'sum', frequency: 'week', owner: email('marketing'), source: 'manual' },
  { key: 'social_likes', name: 'Social media likes', description: 'Likes on our posts across social networks.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('content'), source: 'api' },
  { key: 'pipeline_value', name: 'Pipeline value', description: 'Value of open opportunities in the CRM at the end of the period.', unit: 'currency', currencyCode: 'EUR', aggregation: 'last', frequency: 'month', owner: email('sales'), source: 'csv' },
  { key: 'revenue', name: 'Revenue', description: 'Invoiced membership revenue.', unit: 'currency', currencyCode: 'EUR', aggregation: 'sum', frequency: 'month', owner: email('sales'), source: 'csv' },
  { key: 'sales_east', name: 'Agent sales, East', description: 'Sales closed by the agents of Agents East.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('east'), source: 'manual' },
  { key: 'sales_west', name: 'Agent sales, West', description: 'Sales closed by the agents of Agents West.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('west'), source: 'manual' },
  { key: 'headcount', name: 'Headcount', description: 'Employees on the payroll at the end of the period.', unit: 'count', aggregation: 'last', frequency: 'month', owner: email('hr'), source: 'manual' },
  { key: 'leavers', name: 'Leavers', description: 'Employees who left, voluntarily or not.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('hr'), source: 'manual' },
  { key: 'csat_responses_positive', name: 'Positive CSAT responses', description: 'Survey answers of 4 or 5 out of 5.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('service'), source: 'csv' },
  { key: 'csat_responses_total', name: 'CSAT responses', description: 'All answers to the satisfaction survey sent after each ticket.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('service'), source: 'csv' },
  { key: 'tickets', name: 'Tickets', description: 'Support tickets that received a first response.', unit: 'count', aggregation: 'sum', frequency: 'month', owner: email('support'), source: 'csv' },
  { key: 'response_minutes_total', name: 'Minutes to first response', description: 'Sum over tickets of the minutes until the first response.', unit: 'duration', aggregation: 'sum', frequency: 'month', owner: email('support'), source: 'csv' },
];

const goalTitles = {
  company: '2,000 new paying members',
  marketing: 'Fill the funnel with qualified leads',
  sales: 'Convert leads into paying members',
  hr: 'Keep the people who make it happen',
  service: 'Members who stay and recommend us',
  paidMedia: 'Acquire members at a sustainable cost',
  content: 'Content that earns qualified leads',
  east: 'Agents East hit the agent target every month',
  west: 'Agents West hit the agent target every month',
};

/** The timeline: twelve completed months and, unless today is the 1st, the current month so far. */
function timeline(today: IsoDate, cal: FiscalCalendar) {
  const yesterday = addDays(today, -1);
  const current = periodContaining(today, 'month', cal);
  const last = shiftPeriod(current, -1, cal);
  const completed = Array.from({ length: 12 }, (_, i) => shiftPeriod(last, i - 11, cal));
  const withData = completed.map((period, i) => ({ period, ago: 11 - i, date: period.end, share: 1 }));
  if (yesterday >= current.start) {
    const share = (daysBetween(current.start, yesterday) + 1) / (daysBetween(current.start, current.end) + 1);
    withData.push({ period: current, ago: -1, date: yesterday, share });
  }
  return { yesterday, completed, withData };
}

function buildKpis(fiscalYear: number, cal: FiscalCalendar): SeedKpi[] {
  const level = targetLevels(fiscalYear);
  const years = [fiscalYear - 1, fiscalYear];
  /** One target per period of the KPI's frequency in last and this fiscal year, plus each year's. */
  const plan = (
    frequency: SeedKpi['frequency'],
    perPeriod: (fy: number, period: Period) => TargetValue,
    perYear: (fy: number, periods: Period[]) => TargetValue,
  ) =>
    years.flatMap((fy) => {
      const periods = periodsOfFiscalYear(fy, frequency, cal);
      return [
        ...periods.map((period) => ({ periodKey: period.key, target: perPeriod(fy, period) })),
        { periodKey: String(fy), target: perYear(fy, periods) },
      ];
    });
  const monthly = (value: (fy: number) => number, year: (fy: number) => number = value) =>
    plan('month', (fy) => ({ value: value(fy) }), (fy) => ({ value: year(fy) }));
  const monthlySum = (value: (fy: number) => number) => monthly(value, (fy) => value(fy) * 12);

  return [
    {
      name: 'New paying members',
      unit: companyUnit,
      goal: goalTitles.company,
      description: 'Members who completed their first payment in the period, from every channel.',
      owner: email('ceo'),
      measure: 'count',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: null,
      source: { formula: '{paid_signups}' },
      targets: plan('month', (fy, month) => ({ value: level.membersInMonth(fy, month) }), (fy) => ({ value: level.members(fy) })),
    },
    {
      name: 'Cost per acquisition',
      unit: 'Marketing',
      goal: goalTitles.marketing,
      description: 'Ad spend divided by new paying members: what one new member costs us in media.',
      owner: email('marketing'),
      measure: 'currency',
      currencyCode: 'EUR',
      direction: 'down',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'operational',
      baseline: baselines.cpa,
      source: { formula: '{ad_spend} / {paid_signups}' },
      targets: monthly(level.cpa),
    },
    {
      name: 'Return on ad spend',
      unit: 'Marketing',
      goal: goalTitles.marketing,
      description: 'Revenue attributed to ads for each euro spent on them.',
      owner: email('paid'),
      measure: 'ratio',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: baselines.roas,
      source: { formula: '{attributed_revenue} / {ad_spend}' },
      targets: monthly(level.roas),
    },
    {
      name: 'Conversion rate',
      unit: 'Marketing',
      goal: goalTitles.marketing,
      description: 'Share of website visitors who became paying members in the period.',
      owner: email('analyst'),
      measure: 'percent',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'operational',
      baseline: baselines.conversion,
      source: { formula: '{paid_signups} / {visitors} * 100' },
      targets: monthly(level.conversion),
    },
    {
      name: 'Qualified leads',
      unit: 'Marketing',
      goal: goalTitles.marketing,
      description: 'Leads Sales accepted as qualified each week: the value KPI that replaced raw traffic.',
      owner: email('marketing'),
      measure: 'count',
      direction: 'up',
      frequency: 'week',
      indicator: 'leading',
      horizon: 'operational',
      baseline: baselines.leads,
      source: { formula: '{qualified_leads}' },
      targets: plan('week', (fy) => ({ value: level.leadsPerWeek(fy) }), (fy, weeks) => ({ value: level.leadsPerWeek(fy) * weeks.length })),
    },
    {
      name: 'Cost per click',
      unit: 'Paid Media',
      goal: goalTitles.paidMedia,
      description: 'Ad spend divided by ad clicks, all channels.',
      owner: email('paid'),
      measure: 'currency',
      currencyCode: 'EUR',
      direction: 'down',
      frequency: 'month',
      indicator: 'leading',
      horizon: 'operational',
      baseline: baselines.cpc,
      source: { formula: '{ad_spend} / {ad_clicks}' },
      targets: monthly(level.cpc),
    },
    {
      name: 'Paid conversion rate',
      unit: 'Paid Media',
      goal: goalTitles.paidMedia,
      description: 'Share of ad clicks that ended in a paid sign-up.',
      owner: email('analyst'),
      measure: 'percent',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'operational',
      baseline: baselines.paidConversion,
      source: { formula: '{paid_media_signups} / {ad_clicks} * 100' },
      targets: monthly(level.paidConversion),
    },
    {
      name: 'Social media likes',
      unit: 'Content',
      goal: null,
      description: 'Likes on our posts across social networks.',
      owner: email('content'),
      measure: 'count',
      direction: 'up',
      frequency: 'month',
      indicator: 'leading',
      horizon: 'operational',
      baseline: baselines.likes,
      source: { formula: '{social_likes}' },
      targets: monthlySum(level.likes),
    },
    {
      name: 'Website visitors',
      unit: 'Content',
      goal: goalTitles.content,
      description: 'Unique visitors to the website. Proposed by Content; not agreed yet.',
      owner: email('content'),
      measure: 'count',
      direction: 'up',
      frequency: 'month',
      indicator: 'leading',
      horizon: 'operational',
      baseline: baselines.visitors,
      source: { formula: '{visitors}' },
      draft: true,
      targets: monthlySum(level.visitors),
    },
    ...(['East', 'West'] as const).map(
      (side): SeedKpi => ({
        name: `Agent sales, ${side}`,
        unit: `Agents ${side}`,
        goal: side === 'East' ? goalTitles.east : goalTitles.west,
        description: `Sales closed by the agents of Agents ${side} in the month. The agent target is 100 sales a month.`,
        owner: email(side.toLowerCase()),
        measure: 'count',
        direction: 'up',
        frequency: 'month',
        indicator: 'lagging',
        horizon: 'operational',
        baseline: baselines.agentSales,
        source: { formula: `{sales_${side.toLowerCase()}}` },
        targets: monthlySum(() => level.agentSales),
      }),
    ),
    {
      name: 'Sales',
      unit: 'Sales',
      goal: goalTitles.sales,
      description: 'Agent sales of both teams together.',
      owner: email('sales'),
      measure: 'count',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: null,
      source: { rollup: 'sum', of: ['Agent sales, East', 'Agent sales, West'] },
      targets: monthlySum(() => level.agentSales * 2),
    },
    {
      name: 'Pipeline value',
      unit: 'Sales',
      goal: goalTitles.sales,
      description: 'Value of open opportunities at the end of the month: what revenue will look like next quarter.',
      owner: email('sales'),
      measure: 'currency',
      currencyCode: 'EUR',
      direction: 'up',
      frequency: 'month',
      indicator: 'leading',
      horizon: 'strategic',
      baseline: baselines.pipeline,
      source: { formula: '{pipeline_value}' },
      targets: monthly(level.pipeline),
    },
    {
      name: 'Revenue',
      unit: 'Sales',
      goal: goalTitles.sales,
      description: 'Invoiced membership revenue in the quarter: what already happened.',
      owner: email('sales'),
      measure: 'currency',
      currencyCode: 'EUR',
      direction: 'up',
      frequency: 'quarter',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: baselines.revenue,
      source: { formula: '{revenue}' },
      targets: plan(
        'quarter',
        (fy, quarter) => ({ value: level.revenueByQuarter(fy)[quarterOfKey(quarter.key) - 1]! }),
        (fy) => ({ value: level.revenueByQuarter(fy).reduce((s, x) => s + x, 0) }),
      ),
    },
    {
      name: 'Average deal value',
      unit: 'Sales',
      goal: goalTitles.sales,
      description: 'Revenue per agent sale. Proposed by Sales; not agreed yet.',
      owner: email('sales'),
      measure: 'currency',
      currencyCode: 'EUR',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: baselines.dealValue,
      source: { formula: '{revenue} / ({sales_east} + {sales_west})' },
      draft: true,
      targets: monthly(level.dealValue),
    },
    {
      name: 'Employee churn rate',
      unit: 'HR',
      goal: goalTitles.hr,
      description: 'Leavers as a share of headcount, instead of the number of hires: is the culture healthy?',
      owner: email('hr'),
      measure: 'percent',
      direction: 'down',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: baselines.churn,
      source: { formula: '{leavers} / {headcount} * 100' },
      targets: monthly(level.churn, level.churnYear),
    },
    {
      name: 'CSAT',
      unit: 'Customer Service',
      goal: goalTitles.service,
      description: 'Share of survey answers after a ticket that rate us 4 or 5 out of 5.',
      owner: email('service'),
      measure: 'percent',
      direction: 'up',
      frequency: 'month',
      indicator: 'lagging',
      horizon: 'strategic',
      baseline: baselines.csat,
      source: { formula: '{csat_responses_positive} / {csat_responses_total} * 100' },
      targets: monthly(() => level.csat),
    },
    {
      name: 'Average response time',
      unit: 'Customer Service',
      goal: goalTitles.service,
      description: 'Minutes from a ticket arriving to its first response, averaged over tickets; within the hour is the promise.',
      owner: email('service'),
      measure: 'duration',
      direction: 'within',
      frequency: 'month',
      indicator: 'leading',
      horizon: 'operational',
      baseline: baselines.responseMinutes,
      source: { formula: '{response_minutes_total} / {tickets}' },
      targets: plan('month', () => level.responseBand, () => level.responseBand),
    },
  ];
}

function buildGoals(annualTarget: (kpi: string) => number): SeedGoal[] {
  const yearly = (kpi: string) => ({ kpi, target: annualTarget(kpi) });
  return [
    {
      title: goalTitles.company,
      unit: companyUnit,
      owner: email('ceo'),
      parent: null,
      description: 'Grow the membership by 2,000 new paying members this year.',
      outcome: { kpi: 'New paying members', target: 2000 },
    },
    {
      title: goalTitles.marketing,
      unit: 'Marketing',
      owner: email('marketing'),
      parent: goalTitles.company,
      description: 'Bring Sales enough qualified leads, at a cost we can sustain, to reach the membership goal.',
      outcome: yearly('Qualified leads'),
    },
    {
      title: goalTitles.sales,
      unit: 'Sales',
      owner: email('sales'),
      parent: goalTitles.company,
      description: 'Turn qualified leads into paying members: every agent team at 100 sales a month.',
      outcome: yearly('Sales'),
    },
    {
      title: goalTitles.hr,
      unit: 'HR',
      owner: email('hr'),
      parent: goalTitles.company,
      description: 'Keep churn low so the teams that bring members in stay together.',
    },
    {
      title: goalTitles.service,
      unit: 'Customer Service',
      owner: email('service'),
      parent: goalTitles.company,
      description: 'Answer fast and well, so new members stay and bring their friends.',
    },
    {
      title: goalTitles.paidMedia,
      unit: 'Paid Media',
      owner: email('paid'),
      parent: goalTitles.marketing,
      description: 'Buy members, not clicks: cheaper clicks that convert.',
    },
    {
      title: goalTitles.content,
      unit: 'Content',
      owner: email('content'),
      parent: goalTitles.marketing,
      description: 'Publish what brings in leads Sales can close.',
    },
    {
      title: goalTitles.east,
      unit: 'Agents East',
      owner: email('east'),
      parent: goalTitles.sales,
      description: '100 sales a month, every month.',
      outcome: yearly('Agent sales, East'),
    },
    {
      title: goalTitles.west,
      unit: 'Agents West',
      owner: email('west'),
      parent: goalTitles.sales,
      description: '100 sales a month, every month.',
      outcome: yearly('Agent sales, West'),
    },
  ];
}

function buildMeasurements(today: IsoDate, fiscalYear: number, cal: FiscalCalendar): SeedMeasurement[] {
  const level = targetLevels(fiscalYear);
  const { yesterday, completed, withData } = timeline(today, cal);
  const out: SeedMeasurement[] = [];
  const add = (metric: string, date: IsoDate, value: number) => out.push({ metric, date, value });

  for (const { period, ago: rawAgo, date, share } of withData) {
    const fy = fiscalYearOf(period.start, cal);
    // The month under way continues last month's story.
    const ago = Math.max(rawAgo, 0);
    const w = (series: string) => wiggle(series, period.key);
    const partial = (x: number) => Math.max(1, Math.round(x * share));

    const members = level.membersInMonth(fy, period) * (ago >= 6 ? 0.955 + 0.015 * w('members') : 0.93 + 0.012 * w('members'));
    const signups = partial(members);
    const cpa = actualFor('down', level.cpa(fy), baselines.cpa, ago <= 2 ? 0.95 + 0.02 * w('cpa') : 1.05 + 0.03 * w('cpa'));
    const adSpend = Math.round(cpa * signups);
    const roas = actualFor('up', level.roas(fy), baselines.roas, 1.04 + 0.03 * w('roas'));
    const conversion = actualFor('up', level.conversion(fy), baselines.conversion, 1.06 + 0.04 * w('conversion'));
    const cpc = actualFor('down', level.cpc(fy), baselines.cpc, 1.06 + 0.04 * w('cpc'));
    const clicks = Math.round(adSpend / cpc);
    const paidConversion = actualFor('up', level.paidConversion(fy), baselines.paidConversion, 1.1 + 0.03 * w('paid-conversion'));
    add('paid_signups', date, signups);
    add('ad_spend', date, adSpend);
    add('attributed_revenue', date, Math.round(roas * adSpend));
    add('visitors', date, Math.round((signups * 100) / conversion));
    add('ad_clicks', date, clicks);
    add('paid_media_signups', date, Math.round((paidConversion * clicks) / 100));
    add('social_likes', date, partial(actualFor('up', level.likes(fy), baselines.likes, 1.2 + 0.1 * w('likes'))));

    // East steady above the agent target; West slipping for four months now.
    const east = ago <= 5 ? 106 + 3 * w('east') : 99 + 6 * w('east');
    const west = ago <= 3 ? 67 + 3 * w('west') : ago <= 7 ? 82 + 4 * w('west') : 98 + 5 * w('west');
    add('sales_east', date, partial(east));
    add('sales_west', date, partial(west));
    const pipeline = actualFor('up', level.pipeline(fy), baselines.pipeline, ago >= 8 ? 0.98 + 0.03 * w('pipeline') : 1.05 + 0.03 * w('pipeline'));
    add('pipeline_value', date, Math.round(pipeline / 100) * 100);

    // Churn has crept up over the last four months.
    const leavers = [3, 2, 3, 2, 1, 1, 0, 2, 1, 1, 1, 2][ago]!;
    add('headcount', date, rawAgo < 0 ? 132 : 131 - Math.round(ago * 1.1));
    add('leavers', date, rawAgo < 0 ? (share >= 0.5 ? 1 : 0) : leavers);

    const csat = ago <= 5 ? 87 + 0.8 * w('csat') : 82.5 + 1.2 * w('csat');
    const responses = partial(420 + 45 * w('csat-responses'));
    add('csat_responses_total', date, responses);
    add('csat_responses_positive', date, Math.round((responses * csat) / 100));
    const minutes = ago === 0 ? 63 + 0.8 * w('response') : ago <= 2 ? 57 + 1.5 * w('response') : 47 + 4 * w('response');
    const tickets = partial(950 + 90 * w('tickets'));
    add('tickets', date, tickets);
    add('response_minutes_total', date, Math.round(minutes * tickets));
  }

  // Qualified leads arrive weekly, dated the Sunday that ends each complete week.
  const weeks = periodsInRange('week', completed[0]!.start, yesterday, cal).filter((week) => week.end >= completed[0]!.start && week.end <= yesterday);
  weeks.forEach((week, i) => {
    const ago = weeks.length - 1 - i;
    const fy = fiscalYearOf(addDays(week.start, 3), cal);
    const score = ago >= 8 && ago <= 11 ? 0.97 + 0.02 * wiggle('leads', week.key) : 1.15 + 0.05 * wiggle('leads', week.key);
    add('qualified_leads', week.end, Math.round(actualFor('up', level.leadsPerWeek(fy), baselines.leads, score)));
  });

  // Revenue is reviewed by quarter: start at the quarter holding the first month, so no quarter looks half empty.
  const currentQuarter = periodContaining(today, 'quarter', cal);
  const lastQuarter = lastCompletedPeriod('quarter', today, cal);
  const quarters = periodsBetween(periodContaining(completed[0]!.start, 'quarter', cal), currentQuarter, cal);
  const lastIndex = quarters.findIndex((q) => q.key === lastQuarter.key);
  quarters.forEach((quarter, i) => {
    const ago = lastIndex - i;
    const fy = fiscalYearOf(quarter.start, cal);
    const target = level.revenueByQuarter(fy)[quarterOfKey(quarter.key) - 1]!;
    const score = ago <= 0 ? 0.95 + 0.015 * wiggle('revenue', quarter.key) : 1.03 + 0.02 * wiggle('revenue', quarter.key);
    const total = actualFor('up', target, baselines.revenue, score);
    const months = periodsInRange('month', quarter.start, quarter.end, cal);
    const shares = months.map((m) => 1 + 0.04 * wiggle('revenue', m.key));
    const sum = shares.reduce((s, x) => s + x, 0);
    months.forEach((month, j) => {
      if (month.start > yesterday) return;
      const full = (total * shares[j]!) / sum;
      if (month.end <= yesterday) add('revenue', month.end, Math.round(full));
      else add('revenue', yesterday, Math.round((full * (daysBetween(month.start, yesterday) + 1)) / (daysBetween(month.start, month.end) + 1)));
    });
  });
  return out;
}

/** Everything the seed inserts, by name rather than id; pure, so it can be checked for any day. */
export function buildPerformancePlan(today: IsoDate, cal: FiscalCalendar): PerformancePlan {
  const fiscalYear = fiscalYearOf(today, cal);
  const { completed } = timeline(today, cal);
  const kpiList = buildKpis(fiscalYear, cal);
  // Goals span the calendar year; with the default January start that is this fiscal year's target.
  const annual = (name: string) => {
    const kpi = kpiList.find((k) => k.name === name)!;
    const found = kpi.targets.find((t) => t.periodKey === String(fiscalYear))!;
    return 'value' in found.target ? found.target.value : found.target.high;
  };
  const year = today.slice(0, 4);
  return {
    today,
    fiscalYear,
    baselineDate: addDays(completed[0]!.start, -1),
    months: completed,
    goalSpan: { start: `${year}-01-01`, due: `${year}-12-31` },
    metrics: demoMetrics,
    goals: buildGoals(annual),
    kpis: kpiList,
    measurements: buildMeasurements(today, fiscalYear, cal),
  };
}

/**
 * Inserts the plan into the demo organization, inside the seed's transaction.
 * Trusted code: rows go in directly (a fixed number of statements), the live
 * KPIs are activated as approval will do, and the audit log gets a summary.
 */
export async function seedPerformance(
  tx: TenantTx,
  demo: { people: ReadonlyArray<{ email: string; id: string }>; unitIds: ReadonlyMap<string, string>; companyId: string },
  today: IsoDate,
): Promise<void> {
  const organizationId = tx.organizationId;
  const [organization] = await tx
    .select({ fiscalYearStartMonth: organizations.fiscalYearStartMonth })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const plan = buildPerformancePlan(today, { fiscalYearStartMonth: organization!.fiscalYearStartMonth });

  const lookup = <T>(map: ReadonlyMap<string, T>, name: string, what: string): T => {
    const found = map.get(name);
    if (found === undefined) throw new Error(`The demo plan names ${what} "${name}", which the seed did not create.`);
    return found;
  };
  const personIds = new Map(demo.people.map((p) => [p.email, p.id]));
  const unitIds = new Map([...demo.unitIds, [companyUnit, demo.companyId]]);
  const person = (address: string) => lookup(personIds, address, 'the person');
  const unit = (name: string) => lookup(unitIds, name, 'the unit');
  const metricIds = new Map(plan.metrics.map((m) => [m.key, randomUUID()]));
  const goalIds = new Map(plan.goals.map((g) => [g.title, randomUUID()]));
  const kpiIds = new Map(plan.kpis.map((k) => [k.name, randomUUID()]));

  const metricRows = plan.metrics.map((m) => ({
    organizationId,
    id: metricIds.get(m.key)!,
    key: m.key,
    name: m.name,
    description: m.description,
    unit: m.unit,
    currencyCode: m.currencyCode ?? null,
    aggregation: m.aggregation,
    frequency: m.frequency,
    ownerId: person(m.owner),
  }));
  await tx.insert(metrics).values(metricRows);

  // Parents come first in the list; the self-reference is checked at the end of the statement anyway.
  const goalRows = plan.goals.map((g) => ({
    organizationId,
    id: goalIds.get(g.title)!,
    unitId: unit(g.unit),
    parentGoalId: g.parent === null ? null : lookup(goalIds, g.parent, 'the parent goal'),
    title: g.title,
    description: g.description,
    ownerId: person(g.owner),
    startDate: plan.goalSpan.start,
    dueDate: plan.goalSpan.due,
  }));
  await tx.insert(goals).values(goalRows);

  const formulas = new Map(
    plan.kpis.flatMap((k) => ('formula' in k.source ? [[k.name, parseFormula(k.source.formula)] as const] : [])),
  );
  const kpiRows = plan.kpis.map((k) => {
    const ast = formulas.get(k.name);
    return {
      organizationId,
      id: kpiIds.get(k.name)!,
      unitId: unit(k.unit),
      goalId: k.goal === null ? null : lookup(goalIds, k.goal, 'the goal'),
      name: k.name,
      description: k.description,
      ownerId: person(k.owner),
      unit: k.measure,
      currencyCode: k.currencyCode ?? null,
      direction: k.direction,
      frequency: k.frequency,
      indicator: k.indicator,
      horizon: k.horizon,
      baselineValue: k.baseline,
      baselineDate: k.baseline === null ? null : plan.baselineDate,
      source: ast ? ('formula' as const) : ('rollup' as const),
      formula: ast ? printFormula(ast) : null,
      rollupMethod: 'rollup' in k.source ? k.source.rollup : null,
      createdBy: person(k.owner),
    };
  });
  await tx.insert(kpis).values(kpiRows);

  const references = [...formulas].flatMap(([name, ast]) =>
    formulaReferences(ast).map((key) => ({ organizationId, kpiId: kpiIds.get(name)!, metricId: lookup(metricIds, key, 'the metric') })),
  );
  await tx.insert(kpiMetrics).values(references);
  const links = plan.kpis.flatMap((k) =>
    'rollup' in k.source
      ? k.source.of.map((child) => ({ organizationId, parentKpiId: kpiIds.get(k.name)!, childKpiId: lookup(kpiIds, child, 'the KPI'), weight: 1 }))
      : [],
  );
  if (links.length) await tx.insert(kpiLinks).values(links);

  const targetRows = plan.kpis.flatMap((k) =>
    k.targets.map(({ periodKey, target }) => ({
      organizationId,
      kpiId: kpiIds.get(k.name)!,
      periodKey,
      ...('value' in target ? { value: target.value, low: null, high: null } : { value: null, low: target.low, high: target.high }),
    })),
  );
  await tx.insert(kpiTargets).values(targetRows);

  // The warehouse feeds the API metrics, so every such value names the token that pushed it.
  // Nobody knows its secret: only the hash of a fresh random token is stored.
  const { hash, prefix } = generateToken();
  const [warehouse] = await tx
    .insert(apiTokens)
    .values({ organizationId, name: 'Data warehouse sync', scope: 'write', tokenHash: hash, prefix, createdBy: person(email('coo')) })
    .returning({ id: apiTokens.id });

  const sourceOf = new Map(plan.metrics.map((m) => [m.key, m]));
  const now = Date.now();
  await tx.insert(measurements).values(
    plan.measurements.map((v) => {
      const metric = sourceOf.get(v.metric)!;
      // Entered a couple of days after the period closed, as people do; never in the future.
      const recordedAt = new Date(Math.min(Date.parse(`${addDays(v.date, 2)}T09:00:00Z`), now));
      return {
        organizationId,
        metricId: metricIds.get(v.metric)!,
        date: v.date,
        value: v.value,
        source: metric.source,
        recordedBy: metric.source === 'api' ? null : person(metric.owner),
        recordedByTokenId: metric.source === 'api' ? warehouse!.id : null,
        recordedAt,
      };
    }),
  );

  for (const g of plan.goals) {
    if (!g.outcome) continue;
    await tx
      .update(goals)
      .set({ outcomeKpiId: lookup(kpiIds, g.outcome.kpi, 'the KPI'), outcomeTarget: g.outcome.target })
      .where(and(eq(goals.organizationId, organizationId), eq(goals.id, goalIds.get(g.title)!)));
  }
  const live = plan.kpis.filter((k) => !k.draft);
  for (const k of live) await activateKpi(tx, kpiIds.get(k.name)!);

  const valuesByMetric = new Map<string, SeedMeasurement[]>();
  for (const v of plan.measurements) valuesByMetric.set(v.metric, [...(valuesByMetric.get(v.metric) ?? []), v]);
  const entries: AuditEntry[] = [
    ...metricRows.map((m) => ({ action: 'metric.create', entityType: 'metric', entityId: m.id, after: { key: m.key, name: m.name, unit: m.unit, currencyCode: m.currencyCode, aggregation: m.aggregation, frequency: m.frequency } })),
    ...goalRows.map((g) => {
      const outcome = plan.goals.find((p) => p.title === g.title)?.outcome;
      return { action: 'goal.create', entityType: 'goal', entityId: g.id, unitId: g.unitId, after: { title: g.title, parentGoalId: g.parentGoalId, startDate: g.startDate, dueDate: g.dueDate, outcomeKpiId: outcome ? kpiIds.get(outcome.kpi) : null, outcomeTarget: outcome?.target ?? null } };
    }),
    ...kpiRows.flatMap((k) => {
      const spec = plan.kpis.find((p) => p.name === k.name)!;
      const keys = spec.targets.map((t) => t.periodKey).sort();
      return [
        { action: 'kpi.create', entityType: 'kpi', entityId: k.id, unitId: k.unitId, after: { name: k.name, goalId: k.goalId, unit: k.unit, direction: k.direction, frequency: k.frequency, formula: k.formula, rollupMethod: k.rollupMethod, state: 'draft' } },
        { action: 'kpi.targets', entityType: 'kpi', entityId: k.id, unitId: k.unitId, after: { count: keys.length, from: keys[0], to: keys[keys.length - 1] } },
        ...(spec.draft ? [] : [{ action: 'kpi.activate', entityType: 'kpi', entityId: k.id, unitId: k.unitId, before: { state: 'draft' }, after: { state: 'active' } }]),
      ];
    }),
    ...[...valuesByMetric].map(([key, values]) => ({
      action: 'measurement.import',
      entityType: 'metric',
      entityId: metricIds.get(key)!,
      after: { metricKey: key, count: values.length, from: values.map((v) => v.date).sort()[0], to: values.map((v) => v.date).sort().at(-1), source: sourceOf.get(key)!.source },
    })),
  ];
  await appendAudit(tx, null, entries);
}
