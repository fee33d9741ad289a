/** The live scorecard's query key and JSON route, shared by the server prefetch and the client. */
export function scorecardQueryKey(slug: string, unitId: string, periodKey: string) {
  return ['scorecard', slug, unitId, periodKey] as const;
}

export function scorecardDataUrl(slug: string, unitId: string, periodKey: string) {
  return `/${slug}/scorecard/${unitId}/data?period=${encodeURIComponent(periodKey)}`;
}

/** Where a scorecard lives: the company's is the organization's home page. */
export function scorecardHref(slug: string, unit: { id: string; kind: string }, periodKey: string) {
  return unit.kind === 'company' ? `/${slug}?period=${periodKey}` : `/${slug}/scorecard/${unit.id}?period=${periodKey}`;
}

/** The explanation pages (app/[org]/explain): the tree of inputs behind one score. */
export function explainKpiHref(slug: string, kpiId: string, periodKey: string) {
  return `/${slug}/explain?kpi=${kpiId}&period=${periodKey}`;
}

export function explainUnitHref(slug: string, unitId: string, periodKey: string) {
  return `/${slug}/explain?unit=${unitId}&period=${periodKey}`;
}
