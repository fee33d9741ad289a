import { NextResponse } from 'next/server';
import { findSignedInMember } from '@/lib/organizations/context';
import { todayIso } from '@/lib/periods';
import { parseScorecardPeriod } from '@/lib/scorecards/period-param';
import { isUnitId, loadScorecard } from '../../load';

const headers = { 'Cache-Control': 'private, no-store' };

/**
 * The live scorecard's JSON (the same read the page prefetches), polled every
 * minute and on focus. Every member may read every scorecard (product.md §2);
 * signed out, not a member, another organization's or an unknown unit all
 * answer the same JSON 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; unitId: string }> }) {
  const { org: slug, unitId } = await params;
  const member = await findSignedInMember(slug);
  if (!member || !isUnitId(unitId)) return NextResponse.json({ error: 'Not found' }, { status: 404, headers });
  const today = todayIso();
  const raw = new URL(request.url).searchParams.getAll('period');
  const param = parseScorecardPeriod(raw.length > 1 ? raw : raw[0], today, member.organization);
  if (!param.ok) return NextResponse.json({ error: param.error }, { status: 400, headers });
  const page = await loadScorecard(member.organization, { unitId, period: param.period, today });
  if (!page) return NextResponse.json({ error: 'Not found' }, { status: 404, headers });
  return NextResponse.json(page, { headers });
}
