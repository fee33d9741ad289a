import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { parseMeasurementsCsv } from '@/lib/csv/measurements';
import { checkImport } from '@/lib/metrics/csv-import';
import { jsonError, noStoreHeaders, readUpload } from '@/lib/metrics/csv-upload';
import { can, type Actor } from '@/lib/permissions';
import { getUnitRolesOf } from '@/lib/units/queries';

/** The preview of a CSV import: every bad row and why. Reads only; the import itself is ./run. */
export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const upload = await readUpload(request, slug);
  if ('response' in upload) return upload.response;
  const { member, text } = upload;
  if (!can({ role: member.role, headOf: [] }, 'measurements.record')) {
    return jsonError(403, 'Viewers cannot import values.');
  }
  const parsed = parseMeasurementsCsv(text);
  if (!parsed.ok) return jsonError(422, parsed.error);
  const db = await getDatabase();
  const check = await db.withTenant(member.organization.id, async (tx) => {
    const actor: Actor = { userId: member.user.id, role: member.role, ...(await getUnitRolesOf(tx, member.user.id)) };
    return checkImport(tx, actor, parsed.rows);
  });
  return NextResponse.json({ ok: true, rowCount: check.rowCount, ready: check.ready, issues: check.issues }, { headers: noStoreHeaders });
}
