'use server';

import { orgAction } from '@/lib/actions';
import { apiTokenActions } from '@/lib/api-tokens/actions';

export const createApiTokenAction = orgAction(apiTokenActions.create);
export const revokeApiTokenAction = orgAction(apiTokenActions.revoke);
