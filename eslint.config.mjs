import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import drizzle from 'eslint-plugin-drizzle';

const config = [
  { ignores: ['.next/**', '.next-*/**', '.data/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', '.stryker-tmp/**', 'reports/**', 'next-env.d.ts'] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    plugins: { drizzle },
    rules: {
      // An update or delete without a where clause touches every row of the organization.
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['tx', 'db'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['tx', 'db'] }],
      // lib/env.ts is the only reader of the environment.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/env.ts.' }],
    },
  },
  {
    // Playwright fixtures call their callback `use`, which is not a React hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['lib/env.ts', 'instrumentation.ts', 'next.config.ts', 'e2e/**', 'playwright.config.ts', 'vitest.config.ts', 'vitest.mutation.config.ts', 'stryker.config.mjs', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
];

export default config;
