import { Badge } from '@/app/_components/ui/badge';
import { confidenceLabels, isWatermelon, type Confidence } from '@/lib/check-ins/rules';
import { statusLabels, type Status } from '@/lib/scoring';

/**
 * The compact flag for lists: shown only when the owner's latest check-in
 * says on track and the numbers say off track. The title and the screen
 * reader text give both readings.
 */
export function WatermelonBadge({ confidence, status }: { confidence: Confidence | null | undefined; status: Status | null | undefined }) {
  if (!isWatermelon(confidence, status)) return null;
  const readings = `Owner says: ${confidenceLabels[confidence!]} · Numbers say: ${statusLabels[status!]}`;
  return (
    <span title={readings} className="inline-flex">
      <Badge tone="red">
        Watermelon<span className="sr-only">: {readings}</span>
      </Badge>
    </span>
  );
}

/** The KPI page's flag: both readings side by side, with what it means. */
export function WatermelonNotice({
  confidence,
  status,
  periodLabel,
  author,
}: {
  confidence: Confidence | null | undefined;
  status: Status | null | undefined;
  periodLabel: string;
  author: string | null;
}) {
  if (!isWatermelon(confidence, status)) return null;
  return (
    <div role="note" aria-label="Watermelon" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <p className="font-semibold">Watermelon — green outside, red inside ({periodLabel})</p>
      <p className="mt-1">
        <span className="font-medium">Owner says: {confidenceLabels[confidence!]}</span>
        {author && <span className="text-red-800"> ({author})</span>}
        {' · '}
        <span className="font-medium">Numbers say: {statusLabels[status!]}</span>
      </p>
      <p className="mt-1 text-red-800">The latest check-in and the result disagree: ask what the owner sees that the numbers do not, or correct the confidence.</p>
    </div>
  );
}
