import { expect, test as setup } from '@playwright/test';
import { demo, signIn, viewerState } from './helpers';

// The demo's board observer reads the seeded organization in many specs: she signs in once here
// and they reuse the session. (Specs that write bring their own people: helpers.ts addPerson.)
setup('sign in as the demo viewer', async ({ page }) => {
  await signIn(page, demo.viewer, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  await page.context().storageState({ path: viewerState });
});
