import Link from 'next/link';
import { linkButtonClass } from '@/app/[org]/kpis/_components/link-button';

export function ImportCsvLink({ slug }: { slug: string }) {
  return (
    <Link href={`/${slug}/metrics/import`} className={linkButtonClass('secondary')}>
      Import CSV
    </Link>
  );
}

/** A plain download link: the route answers with an attachment named after the key. */
export function ExportCsvLink({ slug, metricId, metricKey }: { slug: string; metricId: string; metricKey: string }) {
  return (
    <a href={`/${slug}/metrics/${metricId}/export`} download={`${metricKey}.csv`} className={linkButtonClass('secondary', 'text-xs')}>
      Export CSV
    </a>
  );
}
