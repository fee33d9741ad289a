import { z } from 'zod';
import { organizationNameSchema } from '@/lib/organizations/schemas';
import { passwordRules } from './password';
import { passwordWeakness } from './password-strength';

export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'An email address has at most 254 characters')
  .pipe(z.email('Enter a valid email address, like name@example.com'))
  .transform((e) => e.toLowerCase());

export const personNameSchema = z.string().trim().min(1, 'Enter your name').max(200, 'A name has at most 200 characters');

/** Sign-up, reset, change and invitation acceptance: the length rules, then refused when guessable (zxcvbn). */
export const newPasswordSchema = z
  .string()
  .min(passwordRules.min, `Use at least ${passwordRules.min} characters`)
  .max(passwordRules.max, `Use at most ${passwordRules.max} characters`)
  .superRefine((password, ctx) => {
    // One message at a time: a password of the wrong length already has its own.
    if (password.length < passwordRules.min || password.length > passwordRules.max) return;
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });

export const signInSchema = z.object({
  email: emailSchema,
  // Length-capped before any hashing; no other rule, so old passwords keep working.
  password: z.string().min(1, 'Enter your password').max(passwordRules.max, 'Invalid email or password'),
  next: z.string().optional(),
});

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
  organizationName: organizationNameSchema,
});

export type SignUpInput = z.infer<typeof signUpSchema>;

/** Opening an emailed sign-up link: the link's token and the password chosen at sign-up (checked against its hash). */
export const confirmSignUpSchema = z.object({
  token: z.string().min(1).max(4000),
  password: z.string().min(1, 'Enter the password you chose').max(passwordRules.max, 'This is not the password you chose when you signed up'),
});
