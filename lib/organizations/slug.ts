/** Top-level routes an organization slug must never shadow. */
export const reservedSlugs = new Set([
  'login', 'logout', 'signup', 'signin', 'signout', 'register', 'invite', 'invitations', 'api', 'dev', 'account',
  'accounts', 'settings', 'admin', 'app', 'auth', 'new', 'help', 'about', 'static', 'public', 'assets', 'health',
  'favicon.ico', 'robots.txt', 'sitemap.xml', '_next', 'organizations', 'orgs', 'www',
  'forgot-password', 'reset-password', 'password', 'profile',
]);

const maxLength = 48;

/** A URL-safe slug from an organization name: "Acme & Co. GmbH" → "acme-co-gmbh". */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return base.length < 2 || reservedSlugs.has(base) ? `org-${base}`.replace(/-+$/g, '') : base;
}

/** Candidates in the order they are tried when a slug is taken: acme, acme-2, acme-3, … */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const suffix = `-${attempt + 1}`;
  return `${base.slice(0, maxLength - suffix.length)}${suffix}`;
}

export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/.test(slug) && !reservedSlugs.has(slug);
}
