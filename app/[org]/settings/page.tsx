import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { getOrgContext } from '@/lib/organizations/context';
import { ScoringPolicyForm } from './scoring-policy-form';
import { ApprovalPolicyForm, DeleteOrganization, SlugForm } from './self-service-forms';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings' };

const card = 'rounded-lg border border-slate-200 bg-white p-6';

function Group({ id, title, children, tone = card }: { id: string; title: string; children: React.ReactNode; tone?: string }) {
  return (
    <section aria-labelledby={id} className={tone}>
      <h2 id={id} className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function SettingsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ moved?: string }> }) {
  const [{ org: slug }, { moved }] = await Promise.all([params, searchParams]);
  const ctx = await getOrgContext(slug);
  const editable = ctx.can('organization.update');
  const owner = ctx.can('organization.delete');
  const host = (await headers()).get('host') ?? 'keel';
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
        {moved && (
          <p role="status" className="mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            The organization now lives at /{slug}. Links to the old address redirect here.
          </p>
        )}
      </div>
      <Group id="general" title="General">
        <SettingsForm
          slug={slug}
          editable={editable}
          values={{ name: ctx.organization.name, fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth, timeZone: ctx.organization.timeZone }}
        />
      </Group>
      <Group id="address" title="Web address">
        <SlugForm slug={slug} editable={editable} origin={host} />
      </Group>
      <Group id="approval" title="Approval">
        <ApprovalPolicyForm slug={slug} editable={editable} policy={ctx.organization.policy} />
      </Group>
      <Group id="scoring" title="Scoring and guardrails">
        <ScoringPolicyForm slug={slug} editable={editable} policy={ctx.organization.policy} />
      </Group>
      {owner && (
        <Group id="data" title="Your data" tone="rounded-lg border border-red-200 bg-white p-6">
          <div className="space-y-4 text-sm text-slate-600">
            <p>Download everything of {ctx.organization.name}: one CSV file per table and a README describing the columns, in a zip.</p>
            <a href={`/${slug}/settings/export`} download className="inline-flex rounded-md border border-slate-300 px-3.5 py-2 font-medium text-ink hover:bg-slate-50">
              Download export (.zip)
            </a>
            <p>Deleting the organization removes all of its data for everyone. Only owners can.</p>
            <DeleteOrganization slug={slug} name={ctx.organization.name} />
          </div>
        </Group>
      )}
    </div>
  );
}
