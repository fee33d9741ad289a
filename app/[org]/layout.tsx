import type { ReactNode } from 'react';
import { KeelMark } from '@/app/_components/keel-mark';
import { getMyOrganizations, getOrgContext } from '@/lib/organizations/context';
import { roleLabels } from '@/lib/permissions';
import { NotificationBell } from './_components/notification-bell';
import { OrgSwitcher } from './_components/org-switcher';
import { SidebarNav } from './_components/sidebar-nav';
import { UserMenu } from './_components/user-menu';
import { prefetchNotificationFeed } from './notifications/prefetch';
import { ProposalCount } from './proposals/_components/proposal-count';
import { prefetchProposalCounts } from './proposals/prefetch';
import { UpdatesCount } from './updates/_components/updates-count';
import { prefetchMyUpdateCounts } from './updates/prefetch';

export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  const organizations = await getMyOrganizations(ctx.user.id);
  const sections = [
    { href: `/${slug}`, label: 'Overview', also: [`/${slug}/scorecard`] },
    ...(ctx.role === 'viewer' ? [] : [{ href: `/${slug}/updates`, label: 'My updates', count: <UpdatesCount slug={slug} state={await prefetchMyUpdateCounts(ctx)} /> }]),
    { href: `/${slug}/goals`, label: 'Goals' },
    { href: `/${slug}/kpis`, label: 'KPIs' },
    ...(ctx.role === 'viewer'
      ? []
      : [{ href: `/${slug}/proposals`, label: 'Proposals', count: <ProposalCount slug={slug} state={await prefetchProposalCounts(ctx)} /> }]),
    { href: `/${slug}/metrics`, label: 'Metrics' },
    { href: `/${slug}/units`, label: 'Structure' },
    ...(ctx.can('people.invite') ? [{ href: `/${slug}/people`, label: 'People' }] : []),
    ...(ctx.can('audit_log.view') ? [{ href: `/${slug}/audit`, label: 'Audit log' }] : []),
    { href: `/${slug}/settings`, label: 'Settings' },
  ];
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr] print:block">
      <a href="#main" className="print:hidden sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="print:hidden border-b border-slate-200 bg-white lg:sticky lg:top-0 lg:h-screen lg:border-r lg:border-b-0">
        <div className="flex items-center gap-2 px-4 py-4 font-semibold">
          <KeelMark className="size-6" /> Keel
        </div>
        <div className="px-3 pb-3">
          <OrgSwitcher current={{ slug, name: ctx.organization.name }} organizations={organizations} />
        </div>
        <SidebarNav sections={sections} />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="print:hidden flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2.5 sm:px-6">
          <NotificationBell slug={slug} state={await prefetchNotificationFeed(ctx)} />
          <UserMenu name={ctx.user.name} email={ctx.user.email} role={roleLabels[ctx.role]} />
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 lg:py-8 print:max-w-none print:p-0">
          {children}
        </main>
      </div>
    </div>
  );
}
