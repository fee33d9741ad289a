'use client';

import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { Button, SubmitButton, type ButtonProps } from './button';

/**
 * A modal dialog on the native <dialog> element: focus is trapped, Escape
 * closes it and focus returns to the button that opened it.
 */
export function Dialog({
  title,
  triggerLabel,
  triggerVariant = 'secondary',
  children,
}: {
  title: string;
  triggerLabel: string;
  triggerVariant?: ButtonProps['variant'];
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <Button variant={triggerVariant} onClick={() => ref.current?.showModal()}>
        {triggerLabel}
      </Button>
      <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <div className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      </dialog>
    </>
  );
}

/** Closes the dialog it sits in (a native `method="dialog"` form, so it needs no script). */
export function DialogCancel({ children = 'Cancel' }: { children?: ReactNode }) {
  return (
    <form method="dialog">
      <Button type="submit" variant="secondary">
        {children}
      </Button>
    </form>
  );
}

/** Closes the dialog that contains `element`, e.g. after its form saved. */
export function closeDialogOf(element: Element | null) {
  element?.closest('dialog')?.close();
}

/** A dialog form's buttons: Cancel closes the dialog, the submit button shows progress. */
export function DialogActions({ form, submit, pending }: { form: RefObject<HTMLFormElement | null>; submit: string; pending: string }) {
  return (
    <div className="flex justify-end gap-2 pt-2">
      <Button variant="secondary" onClick={() => closeDialogOf(form.current)}>
        Cancel
      </Button>
      <SubmitButton pendingLabel={pending}>{submit}</SubmitButton>
    </div>
  );
}
