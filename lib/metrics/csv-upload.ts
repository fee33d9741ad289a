import { NextResponse } from 'next/server';
import { readTextUpTo } from '@/lib/csv/read';
import { isSameOrigin } from '@/lib/http/same-origin';
import { findSignedInMember } from '@/lib/organizations/context';
import { unsafeTextProblem } from '@/lib/unsafe-text';

const headers = { 'Cache-Control': 'private, no-store' };

export function jsonError(status: number, error: string) {
  return NextResponse.json({ ok: false, error }, { status, headers });
}

/**
 * What both import routes do first: same origin (they act with the session
 * cookie), a signed-in member of the organization, then the body read as
 * UTF-8 up to the size limit. The file is the raw request body; its name
 * travels URL-encoded in `X-File-Name`.
 */
export async function readUpload(request: Request, slug: string) {
  if (!isSameOrigin(request)) return { response: jsonError(403, 'This request did not come from Keel.') };
  const member = await findSignedInMember(slug);
  if (!member) return { response: jsonError(404, 'Not found') };
  const read = await readTextUpTo(request.body);
  if (!read.ok) return { response: jsonError(413, read.error) };
  let fileName = 'file.csv';
  try {
    const named = decodeURIComponent(request.headers.get('x-file-name') ?? fileName);
    if (!unsafeTextProblem(named)) fileName = named;
  } catch {
    // A malformed name is only a label: keep the default.
  }
  return { member, text: read.text, fileName };
}

export { headers as noStoreHeaders };
