import { z } from 'zod';
import { orgRoles } from '@/lib/permissions';

const role = z.enum(orgRoles, { error: 'Choose owner, admin, member or viewer' });

export const changeRoleSchema = z.object({ userId: z.uuid('Choose a person'), role });
export const removeMemberSchema = z.object({ userId: z.uuid('Choose a person') });
