import type { Metadata } from 'next';
import Link from 'next/link';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { expectedHeader, MAX_CSV_ROWS } from '@/lib/csv/measurements';
import { getOrgContext } from '@/lib/organizations/context';
import { ImportForm } from './_components/import-form';

export const metadata: Metadata = { title: 'Import values from CSV' };

const example = [expectedHeader, 'paid_signups,2026-01-05,124,', 'visitors,2026-01-05,8310,"Campaign launch, week 1"', 'ad_spend,2026-01-05,-120.5,Refund'].join('\n');

export default async function ImportMeasurementsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (!ctx.can('measurements.record')) {
    return (
      <NotAllowed title="Import values from CSV">
        Viewers can see metrics but not record their values. Ask an admin or the metric’s owner to import the file.
      </NotAllowed>
    );
  }
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/${slug}/metrics`} className="hover:underline">
          Metrics
        </Link>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">Import values from CSV</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Record many values at once. You see every row with a problem before anything is saved, and the file is imported whole or not
          at all. Importing the same file twice changes nothing.
        </p>
      </header>
      <section aria-labelledby="format" className="max-w-3xl space-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
        <h2 id="format" className="text-base font-semibold">
          The file
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>
            A header line <code className="font-mono">{expectedHeader}</code> (note is optional), then one value per line.
          </li>
          <li>
            <strong>metric</strong> is the metric’s key as shown on the{' '}
            <Link href={`/${slug}/metrics`} className="text-brand-700 hover:underline">
              metrics page
            </Link>
            ; <strong>date</strong> is YYYY-MM-DD; <strong>value</strong> a plain number such as 1234.5 (no thousands separators).
          </li>
          <li>Put a value containing a comma or a line break in double quotes. One value per metric and date.</li>
          <li>
            Up to {MAX_CSV_ROWS.toLocaleString('en-US')} rows and 5 MB, saved as CSV UTF-8. A file exported from a metric page imports as it
            is.
          </li>
        </ul>
        <pre aria-label="Example file" className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800">
          {example}
        </pre>
        <a
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(`${expectedHeader}\r\n`)}`}
          download="measurements-template.csv"
          className="inline-block text-brand-700 hover:underline"
        >
          Download the template (measurements-template.csv)
        </a>
      </section>
      <ImportForm slug={slug} />
    </div>
  );
}
