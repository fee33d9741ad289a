'use client';

import Link from 'next/link';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { fileTooLargeMessage, MAX_CSV_BYTES } from '@/lib/csv/read';
import type { ImportIssue, ImportResult } from '@/lib/metrics/csv-import';
import { issuesSummary, plural } from '@/lib/metrics/csv-summary';

type Preview = { rowCount: number; ready: number; issues: ImportIssue[] };
type Phase =
  | { kind: 'idle' }
  | { kind: 'previewing' }
  | { kind: 'previewed'; preview: Preview }
  | { kind: 'importing'; preview: Preview; done: number; total: number }
  | { kind: 'done'; result: ImportResult };

type ErrorAnswer = { ok: false; error: string; fieldErrors?: Record<string, string[]> };
type ResultLine = { type: 'result' } & ({ ok: true; data: ImportResult } | ErrorAnswer);
type ProgressLine = { type: 'progress'; done: number; total: number };

const failedRequest = 'Keel could not be reached. Check your connection and try again.';

function upload(slug: string, step: 'preview' | 'run', file: File) {
  return fetch(`/${slug}/metrics/import/${step}`, {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': 'text/csv', 'X-File-Name': encodeURIComponent(file.name) },
  });
}

async function errorOf(response: Response) {
  const body = (await response.json().catch(() => null)) as ErrorAnswer | null;
  return body?.error ?? 'Something went wrong on our side. Please try again.';
}

/** Reads the NDJSON answer of the import line by line. */
async function readImport(response: Response, onProgress: (line: ProgressLine) => void): Promise<ResultLine | null> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let result: ResultLine | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    buffered += decoder.decode(value, { stream: !done });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const parsed = JSON.parse(line) as ProgressLine | ResultLine;
      if (parsed.type === 'progress') onProgress(parsed);
      else result = parsed;
    }
    if (done) return result;
  }
}

/** Choose a file → preview (every bad row) → import with a progress bar → counts. The browser keeps the file; the server keeps nothing. */
export function ImportForm({ slug }: { slug: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const fieldId = `${id}-file`;
  const busy = phase.kind === 'previewing' || phase.kind === 'importing';

  function choose(chosen: File | null) {
    setFile(chosen);
    setPhase({ kind: 'idle' });
    setFileError(chosen && chosen.size > MAX_CSV_BYTES ? fileTooLargeMessage : null);
  }

  async function preview(event?: FormEvent) {
    event?.preventDefault();
    if (!file) return setFileError('Choose a CSV file');
    if (file.size > MAX_CSV_BYTES) return setFileError(fileTooLargeMessage);
    setFileError(null);
    setPhase({ kind: 'previewing' });
    try {
      const response = await upload(slug, 'preview', file);
      if (!response.ok) {
        setFileError(await errorOf(response));
        return setPhase({ kind: 'idle' });
      }
      setPhase({ kind: 'previewed', preview: (await response.json()) as Preview });
    } catch {
      setFileError(failedRequest);
      setPhase({ kind: 'idle' });
    }
  }

  async function runImport(previewed: Preview) {
    if (!file) return;
    setPhase({ kind: 'importing', preview: previewed, done: 0, total: previewed.ready });
    try {
      const response = await upload(slug, 'run', file);
      if (!response.ok || !response.body) {
        setFileError(await errorOf(response));
        return setPhase({ kind: 'previewed', preview: previewed });
      }
      const result = await readImport(response, ({ done, total }) => setPhase({ kind: 'importing', preview: previewed, done, total }));
      if (result?.ok) return setPhase({ kind: 'done', result: result.data });
      // The file or the data changed since the preview: show the rows as they are now, under the import's answer.
      await preview();
      setFileError(result?.fieldErrors?.file?.[0] ?? result?.error ?? failedRequest);
    } catch {
      setFileError(failedRequest);
      setPhase({ kind: 'previewed', preview: previewed });
    }
  }

  function reset() {
    if (input.current) input.current.value = '';
    choose(null);
    input.current?.focus();
  }

  if (phase.kind === 'done') {
    const { result } = phase;
    return (
      <section aria-labelledby={`${id}-done`} className="max-w-3xl space-y-3 rounded-lg border border-green-200 bg-green-50 p-6 text-sm">
        <h2 id={`${id}-done`} className="text-base font-semibold text-green-900">
          Import finished
        </h2>
        <progress value={1} max={1} aria-label="Import progress" className="h-2 w-full accent-green-700" />
        <p role="status" className="text-green-900">
          {plural(result.rowCount, 'row', 'rows')} imported: {result.inserted.toLocaleString('en-US')} new,{' '}
          {result.updated.toLocaleString('en-US')} updated, {result.unchanged.toLocaleString('en-US')} unchanged.
        </p>
        {result.metrics.length > 0 && (
          <p>
            See the values of{' '}
            {result.metrics.map((m, i) => (
              <span key={m.id}>
                {i > 0 && ', '}
                <Link href={`/${slug}/metrics/${m.id}`} className="font-mono text-brand-700 hover:underline">
                  {m.key}
                </Link>
              </span>
            ))}
            .
          </p>
        )}
        <Button variant="secondary" onClick={reset}>
          Import another file
        </Button>
      </section>
    );
  }

  const previewed = phase.kind === 'previewed' || phase.kind === 'importing' ? phase.preview : null;
  const describedBy = [`${fieldId}-hint`, fileError ? `${fieldId}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="space-y-6">
      <form onSubmit={preview} noValidate className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <div className="space-y-1.5">
          <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
            CSV file
          </label>
          <input
            ref={input}
            id={fieldId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
            className={`block w-full rounded-md border bg-white text-sm file:mr-3 file:rounded-l-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium ${fileError ? 'border-red-500' : 'border-slate-300'}`}
          />
          {fileError && (
            <p id={`${fieldId}-error`} role="alert" className="text-sm text-red-700">
              {fileError}
            </p>
          )}
          <p id={`${fieldId}-hint`} className="text-xs text-slate-500">
            metric,date,value[,note] — up to 50,000 rows and 5 MB.
          </p>
        </div>
        <Button type="submit" variant={previewed ? 'secondary' : 'primary'} disabled={busy || !file}>
          {phase.kind === 'previewing' && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" />}
          {phase.kind === 'previewing' ? 'Checking the file…' : previewed ? 'Preview again' : 'Preview'}
        </Button>
      </form>

      {previewed && <PreviewResult id={id} preview={previewed} phase={phase} onImport={() => runImport(previewed)} />}
    </div>
  );
}

function PreviewResult({ id, preview, phase, onImport }: { id: string; preview: Preview; phase: Phase; onImport: () => void }) {
  const blocked = preview.issues.length > 0;
  const importing = phase.kind === 'importing' ? phase : null;
  return (
    <section aria-labelledby={`${id}-preview`} className="space-y-4">
      <div className="max-w-3xl space-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
        <h2 id={`${id}-preview`} className="text-base font-semibold">
          Preview
        </h2>
        <p role="status" className={blocked ? 'text-red-800' : 'text-slate-800'}>
          {issuesSummary(preview.rowCount, preview.issues.length)}
        </p>
        {blocked && (
          <p id={`${id}-blocked`} className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900">
            Nothing is imported while a row has a problem. Fix the {plural(preview.issues.length, 'row', 'rows')} below in your file (or
            delete {preview.issues.length === 1 ? 'it' : 'them'}), save it, choose it again and preview it.
          </p>
        )}
        {importing && (
          <div className="space-y-1">
            <label htmlFor={`${id}-progress`} className="block text-sm text-slate-700">
              {importing.total > 0 && importing.done === importing.total
                ? `All ${plural(importing.total, 'value', 'values')} written; finishing the audit log…`
                : `Importing: ${importing.done.toLocaleString('en-US')} of ${plural(importing.total, 'value', 'values')} written`}
            </label>
            <progress id={`${id}-progress`} value={importing.done} max={Math.max(importing.total, 1)} className="h-2 w-full" />
          </div>
        )}
        <Button onClick={onImport} disabled={blocked || importing !== null} aria-describedby={blocked ? `${id}-blocked` : undefined}>
          {importing ? 'Importing…' : `Import ${plural(preview.ready, 'value', 'values')}`}
        </Button>
      </div>
      {blocked && (
        <div className="max-w-3xl">
          <Table caption="Rows with problems">
            <thead>
              <tr>
                <Th className="w-16 text-right">Row</Th>
                <Th>Cells</Th>
                <Th>Problem</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.issues.map((issue) => (
                <tr key={issue.row} className="align-top">
                  <Td className="text-right tabular-nums">{issue.row}</Td>
                  <Td>
                    <code className="font-mono text-xs break-all whitespace-pre-wrap text-slate-700">
                      {issue.cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}
                    </code>
                  </Td>
                  <Td>
                    <ul className="space-y-0.5 text-red-800">
                      {issue.reasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </section>
  );
}
