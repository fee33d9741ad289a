import type { ReactNode } from 'react';
import { Table, Td, Th } from '@/app/_components/ui/table';

/** A field-by-field comparison of two KPI definitions (lib/proposals/compare.ts), old value struck, new one marked. */
export function ChangesTable({
  caption,
  left,
  right,
  changes,
}: {
  caption: string;
  left: ReactNode;
  right: ReactNode;
  changes: ReadonlyArray<{ field: string; label: string; before: ReactNode; after: ReactNode }>;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Field</Th>
          <Th>{left}</Th>
          <Th>{right}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {changes.map((c) => (
          <tr key={c.field}>
            <Th className="bg-white font-medium text-slate-800">{c.label}</Th>
            <Td className="text-slate-600">
              <del className="decoration-red-400">{c.before}</del>
            </Td>
            <Td>
              <ins className="bg-emerald-50 no-underline">{c.after}</ins>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
