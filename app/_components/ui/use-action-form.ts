'use client';

import { useActionState, useEffect, useRef } from 'react';
import type { ActionResult } from '@/lib/action-runner';
import { useToast } from './toast';

/**
 * useActionState plus the house conventions: a toast on success, the failure
 * (with field errors and the submitted values) for the form to show, and an
 * optional callback, e.g. to reset or close.
 */
export function useActionForm<T>(
  action: (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>,
  options: { success?: string | ((data: T) => string); onSuccess?: (data: T) => void } = {},
) {
  const [state, formAction, pending] = useActionState(action, null);
  const toast = useToast();
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(() => {
    if (!state?.ok) return;
    const { success, onSuccess } = latest.current;
    if (success) toast(typeof success === 'function' ? success(state.data) : success);
    onSuccess?.(state.data);
  }, [state, toast]);
  const failed = state && !state.ok ? state : null;
  return { state, failed, formAction, pending };
}
