import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('the return path after sign-in', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeReturnPath('/acme/settings?tab=policy')).toBe('/acme/settings?tab=policy');
  });

  it.each(['https://evil.test/', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)', '', undefined, 42])(
    'refuses %s',
    (value) => {
      expect(safeReturnPath(value)).toBe('/');
    },
  );
});
