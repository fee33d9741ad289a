import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { findSignedInMember } from '@/lib/organizations/context';
import { readScorecardJson } from '@/lib/scorecards/scorecard-json';

/** The live scorecard's JSON (the same read the page prefetches), polled every minute and on focus. */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; unitId: string }> }) {
  const { org: slug, unitId } = await params;
  const raw = new URL(request.url).searchParams.getAll('period');
  const answer = await readScorecardJson(await getDatabase(), await findSignedInMember(slug), unitId, raw.length > 1 ? raw : raw[0]);
  return NextResponse.json(answer.body, { status: answer.status, headers: { 'Cache-Control': 'private, no-store' } });
}
