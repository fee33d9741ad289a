import { revalidatePath } from 'next/cache';
import { getDatabase } from '@/db';
import { runOrgAction } from '@/lib/action-runner';
import { importMeasurementsAction } from '@/lib/metrics/csv-import';
import { readUpload } from '@/lib/metrics/csv-upload';

/**
 * The all-or-nothing import, answered as NDJSON: `{"type":"progress","done","total"}`
 * lines while values are written in chunks inside the one transaction, then
 * `{"type":"result", ...ActionResult}`. The runner does the permission, the
 * transaction and the audit entries, as for any other action.
 */
export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const upload = await readUpload(request, slug);
  if ('response' in upload) return upload.response;
  const { member, text, fileName } = upload;
  const db = await getDatabase();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      // Once started, the import commits (or rolls back) on its own even if the browser leaves: a closed stream is no error.
      let open = true;
      const send = (line: object) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false;
        }
      };
      const action = importMeasurementsAction({ userId: member.user.id, onProgress: (done, total) => send({ type: 'progress', done, total }) });
      const result = await runOrgAction(db, member.user.id, slug, action, { fileName, file: text });
      if (result.ok) {
        try {
          revalidatePath(`/${slug}`, 'layout');
        } catch (error) {
          // The values are saved; a stale cached page is not worth failing the answer for.
          console.error(error);
        }
      }
      // The runner echoes submitted strings back for forms; never send the whole file back.
      const answer = result.ok ? result : { ok: false, code: result.code, error: result.error, fieldErrors: result.fieldErrors };
      send({ type: 'result', ...answer });
      if (open) controller.close();
    },
  });
  return new Response(body, {
    // no-transform: compression would hold the progress lines back until the end.
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'private, no-store, no-transform' },
  });
}
