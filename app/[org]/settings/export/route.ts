import { getDatabase } from '@/db';
import { findSignedInMember } from '@/lib/organizations/context';
import { exportOrganization } from '@/lib/organizations/export';
import { canAnywhere } from '@/lib/permissions';

/** The organization's data as a zip, for its owners (the same people who may delete it). */
export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const member = await findSignedInMember(slug);
  if (!member) return new Response('Not found', { status: 404 });
  if (!canAnywhere(member.role, 'organization.delete')) return new Response('Only owners can export the organization.', { status: 403 });
  const db = await getDatabase();
  const now = new Date();
  const zip = await db.withTenant(member.organization.id, (tx) => exportOrganization(tx, member.organization.name, now));
  const filename = `${member.organization.slug}-export-${now.toISOString().slice(0, 10)}.zip`;
  return new Response(Buffer.from(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
