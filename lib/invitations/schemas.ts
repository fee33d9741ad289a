import { z } from 'zod';
import { emailSchema, newPasswordSchema, personNameSchema } from '@/lib/auth/schemas';
import { orgRoles } from '@/lib/permissions';

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const createInvitationSchema = z
  .object({
    email: emailSchema,
    role: z.enum(orgRoles, { error: 'Choose a role' }),
    unitId: z.preprocess(emptyToUndefined, z.uuid('Choose a unit').optional()),
    unitRole: z.preprocess(emptyToUndefined, z.enum(['head', 'member'], { error: 'Choose head or member' }).optional()),
  })
  .transform((v) => ({ ...v, unitRole: v.unitId ? (v.unitRole ?? 'member') : undefined }));

export const invitationIdSchema = z.object({ invitationId: z.uuid('Choose an invitation') });

export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This invitation link is not valid');

export const acceptInvitationSchema = z.object({ token: invitationTokenSchema });

export const acceptWithNewAccountSchema = z.object({
  token: invitationTokenSchema,
  name: personNameSchema,
  password: newPasswordSchema,
});
