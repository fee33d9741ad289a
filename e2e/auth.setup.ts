import { expect, test as setup } from '@playwright/test';
import { demo, signIn, viewerState } from './helpers';

// Roles other than owner exist only in the seeded demo organization (there is no invitation flow yet),
// so the viewer signs in once here and specs reuse the session.
setup('sign in as the demo viewer', async ({ page }) => {
  await signIn(page, demo.viewer, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  await page.context().storageState({ path: viewerState });
});
