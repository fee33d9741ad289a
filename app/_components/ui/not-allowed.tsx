import type { ReactNode } from 'react';

/** The page a person sees where their role gives them no access: the title, and who can help. */
export function NotAllowed({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="max-w-xl space-y-2">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
        {children}
      </p>
    </div>
  );
}
