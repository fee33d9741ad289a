'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Dialog, DialogCancel } from '@/app/_components/ui/dialog';
import { FormError } from '@/app/_components/ui/form';
import { useToast } from '@/app/_components/ui/toast';
import { deleteKpiAction } from '../actions';

/** "Delete draft" behind a confirmation; afterwards back to the list. */
export function DeleteKpiButton({ slug, kpiId, version, name }: { slug: string; kpiId: string; version: number; name: string }) {
  const router = useRouter();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // Not useActionForm: the action revalidates this very page, which then no
  // longer exists and unmounts this component before an effect could navigate.
  const remove = () =>
    startTransition(async () => {
      const form = new FormData();
      form.set('kpiId', kpiId);
      form.set('version', String(version));
      const result = await deleteKpiAction(slug, null, form);
      if (!result.ok) return setError(result.error);
      toast('Draft deleted');
      router.push(`/${slug}/kpis`);
    });
  return (
    <Dialog title={`Delete the draft “${name}”?`} triggerLabel="Delete draft" triggerVariant="ghost">
      <p className="text-sm text-slate-700">Its definition and targets are deleted. This cannot be undone; the audit log keeps a record.</p>
      {error && <FormError>{error}</FormError>}
      <div className="flex justify-end gap-2">
        <DialogCancel>Keep it</DialogCancel>
        <Button variant="danger" onClick={remove} disabled={pending} aria-disabled={pending}>
          {pending ? 'Deleting…' : 'Delete draft'}
        </Button>
      </div>
    </Dialog>
  );
}
