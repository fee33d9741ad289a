import { describe, expect, it } from 'vitest';
import { demoPassword } from '@/db/seed';
import { changePasswordSchema, resetPasswordSchema } from '@/lib/account/schemas';
import { acceptWithNewAccountSchema } from '@/lib/invitations/schemas';
import { signUpSchema } from './schemas';

const token = 'A'.repeat(43);
/** Every form that sets a new password, as it would be submitted with `password`. */
const forms = {
  'sign-up': (password: string) => signUpSchema.safeParse({ name: 'Ada', email: 'ada@example.test', organizationName: 'Harbor', password }),
  reset: (password: string) => resetPasswordSchema.safeParse({ token: 't', password, confirmPassword: password }),
  change: (password: string) => changePasswordSchema.safeParse({ currentPassword: 'the old one', password, confirmPassword: password }),
  'invitation acceptance': (password: string) => acceptWithNewAccountSchema.safeParse({ token, name: 'Ada', password }),
};

describe('guessable passwords', () => {
  describe.each(Object.entries(forms))('on %s', (_form, parse) => {
    it.each([
      ['password123', /commonly used password/],
      ['qwertyuiop', /most used passwords/],
      ['1234567890', /most used passwords/],
      ['abcdefghijk', /sequence like abc or 123/],
      ['zzzzzzzzzzzz', /repeats the same character/],
    ])('refuses %s, saying why beside the field', (password, why) => {
      const issues = parse(password).error?.issues.filter((i) => i.path[0] === 'password') ?? [];
      expect(issues).toHaveLength(1);
      expect(issues[0]!.message).toMatch(/^This password is too easy to guess: /);
      expect(issues[0]!.message).toMatch(why);
    });

    it('accepts a few unrelated words, and says only the length when the length is wrong', () => {
      expect(parse('correct horse battery').success).toBe(true);
      expect(parse('123').error?.issues.filter((i) => i.path[0] === 'password').map((i) => i.message)).toEqual(['Use at least 10 characters']);
    });
  });

  it('the demo password (README, seed, e2e) is strong enough to be chosen', () => {
    expect(forms['sign-up'](demoPassword).success).toBe(true);
  });
});
