'use server';

import { orgAction } from '@/lib/actions';
import { checkInActions } from '@/lib/check-ins/actions';

export const checkInAction = orgAction(checkInActions.record);
