'use client';

import { useRef } from 'react';
import { Badge } from '@/app/_components/ui/badge';
import { closeDialogOf, Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Form } from '@/app/_components/ui/form';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { useActionForm } from '@/app/_components/ui/use-action-form';
import { revokeApiTokenAction } from '../actions';

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: 'read' | 'write';
  createdByName: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const when = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : '—');

export function TokenList({ slug, tokens }: { slug: string; tokens: TokenRow[] }) {
  if (tokens.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="text-sm text-slate-600">No tokens yet. Create one above to connect another system.</p>
      </div>
    );
  }
  return (
    <Table caption="API tokens">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Token</Th>
          <Th>Scope</Th>
          <Th className="whitespace-nowrap">Created by</Th>
          <Th>Created</Th>
          <Th className="whitespace-nowrap">Last used</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tokens.map((t) => (
          <tr key={t.id}>
            <Td className="font-medium">{t.name}</Td>
            <Td className="font-mono text-xs">{t.prefix}…</Td>
            <Td>
              <Badge tone={t.scope === 'write' ? 'amber' : 'brand'}>{t.scope}</Badge>
            </Td>
            <Td>{t.createdByName ?? '—'}</Td>
            <Td className="whitespace-nowrap">{when(t.createdAt)}</Td>
            <Td className="whitespace-nowrap">{when(t.lastUsedAt)}</Td>
            <Td className="text-right">
              {t.revokedAt ? <Badge tone="neutral">Revoked {when(t.revokedAt)}</Badge> : <RevokeTokenDialog slug={slug} token={t} />}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function RevokeTokenDialog({ slug, token }: { slug: string; token: TokenRow }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, formAction } = useActionForm(revokeApiTokenAction.bind(null, slug), {
    success: `Token "${token.name}" revoked`,
    onSuccess: () => closeDialogOf(form.current),
  });
  return (
    <Dialog title={`Revoke "${token.name}"?`} triggerLabel="Revoke" triggerVariant="danger">
      <Form ref={form} action={formAction} error={failed?.error}>
        <input type="hidden" name="tokenId" value={token.id} />
        <p className="text-sm text-slate-700">
          Systems using <span className="font-mono">{token.prefix}…</span> will get 401 from their next request. This cannot be undone.
        </p>
        <DialogActions form={form} submit="Revoke token" pending="Revoking…" />
      </Form>
    </Dialog>
  );
}
