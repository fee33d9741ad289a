import type { Metadata } from 'next';
import Link from 'next/link';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { getDatabase } from '@/db';
import { listApiTokens } from '@/lib/api-tokens/queries';
import { getOrgContext } from '@/lib/organizations/context';
import { NewApiTokenForm } from './_components/new-token-form';
import { TokenList } from './_components/token-list';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (!ctx.can('api_tokens.manage')) {
    return <NotAllowed title="API tokens">Only owners and admins can manage API tokens.</NotAllowed>;
  }
  const db = await getDatabase();
  const tokens = await db.withTenant(ctx.organization.id, (tx) => listApiTokens(tx));
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <p className="text-sm">
          <Link href={`/${slug}/settings`} className="text-brand-700 hover:underline">
            ← Settings
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold">API tokens</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Tokens let other systems (a data warehouse, a CRM, a script) push values into Keel and read its scorecards through the{' '}
          <a href="/api/v1/openapi.json" className="text-brand-700 hover:underline">
            REST API
          </a>
          . A <strong>read</strong> token only reads; a <strong>write</strong> token also pushes values and creates metrics.
        </p>
      </div>
      <section aria-labelledby="new-token" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="new-token" className="mb-4 text-lg font-semibold">
          New token
        </h2>
        <NewApiTokenForm slug={slug} />
      </section>
      <section aria-labelledby="tokens" className="space-y-3">
        <h2 id="tokens" className="text-lg font-semibold">
          Tokens
        </h2>
        <TokenList
          slug={slug}
          tokens={tokens.map((t) => ({
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            scope: t.scope,
            createdByName: t.createdByName,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
          }))}
        />
      </section>
    </div>
  );
}
