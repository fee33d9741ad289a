import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidSlug, reservedSlugs, slugCandidate, slugify } from './slug';

describe('organization slugs', () => {
  it('derives readable slugs from names', () => {
    expect(slugify('Acme & Co. GmbH')).toBe('acme-co-gmbh');
    expect(slugify('Crème Brûlée Ltd')).toBe('creme-brulee-ltd');
    expect(slugify('   ')).toBe('org');
    expect(slugify('Login')).toBe('org-login');
    expect(slugify('API')).toBe('org-api');
  });

  it('never yields a reserved or malformed slug, whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat({ max: 200 }), (name, attempt) => {
        const slug = slugCandidate(slugify(name), attempt);
        expect(isValidSlug(slug), slug).toBe(true);
        expect(reservedSlugs.has(slug)).toBe(false);
      }),
    );
  });

  it('numbers collisions from 2', () => {
    expect([0, 1, 2].map((n) => slugCandidate('acme', n))).toEqual(['acme', 'acme-2', 'acme-3']);
    expect(slugCandidate('a'.repeat(48), 1)).toHaveLength(48);
  });
});
