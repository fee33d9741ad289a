import { z } from 'zod';
import { emailSchema, newPasswordSchema, personNameSchema } from '@/lib/auth/schemas';
import { passwordRules } from '@/lib/auth/password';

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** The link's token travels in a hidden field; the new password follows the sign-up rules, checked before any hashing. */
export const resetPasswordSchema = z
  .object({
    token: z.string().min(1).max(100),
    password: newPasswordSchema,
    confirmPassword: z.string().max(passwordRules.max, 'The passwords do not match'),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'The passwords do not match', path: ['confirmPassword'] });

export const profileNameSchema = z.object({ name: personNameSchema });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(passwordRules.max, 'Your current password is not right'),
    password: newPasswordSchema,
    confirmPassword: z.string().max(passwordRules.max, 'The passwords do not match'),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'The passwords do not match', path: ['confirmPassword'] });

export const leaveOrganizationSchema = z.object({ confirm: z.literal('leave', { error: 'Confirm that you want to leave' }) });
