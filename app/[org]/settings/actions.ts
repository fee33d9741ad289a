'use server';

import { orgAction } from '@/lib/actions';
import { organizationActions } from '@/lib/organizations/actions';

export const updateOrganizationSettingsAction = orgAction(organizationActions.updateSettings);
export const updateScoringPolicyAction = orgAction(organizationActions.updateScoringPolicy);
