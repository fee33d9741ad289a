import type { Metadata } from 'next';
import Link from 'next/link';
import { getOrgContext } from '@/lib/organizations/context';
import { ScoringPolicyForm } from './scoring-policy-form';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  const editable = ctx.can('organization.update');
  return (
    <div className="max-w-xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Organization settings</h1>
        {!editable && <p className="mt-1 text-sm text-slate-600">Only owners and admins can change these settings.</p>}
        <ul className="mt-2 space-y-1 text-sm">
          <li>
            <Link href={`/${slug}/settings/periods`} className="text-brand-700 underline-offset-2 hover:underline">
              Closed periods
            </Link>
            : lock periods whose values must no longer change.
          </li>
          {ctx.can('api_tokens.manage') && (
            <li>
              <Link href={`/${slug}/settings/api-tokens`} className="text-brand-700 underline-offset-2 hover:underline">
                API tokens
              </Link>
              : let other systems push values and read scorecards.
            </li>
          )}
        </ul>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <SettingsForm
          slug={slug}
          editable={editable}
          values={{ name: ctx.organization.name, fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth }}
        />
      </section>
      <section aria-labelledby="scoring" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="scoring" className="mb-4 text-lg font-semibold">
          Scoring and guardrails
        </h2>
        <ScoringPolicyForm slug={slug} editable={editable} policy={ctx.organization.policy} />
      </section>
    </div>
  );
}
