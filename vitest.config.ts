import { defineConfig } from 'vitest/config';
import { messagesPerLocale } from './apps/web/messages-plugin.ts';

// Three projects: pure rules (no database), server (run once per database engine, chosen by
// LINGYAN_TEST_DB), and browser journeys (real Chromium against a real server process).
export default defineConfig({
  test: {
    projects: [
      {
        // The web's per-language texts (virtual:lingyan-messages/*), as its build has them.
        plugins: [messagesPerLocale()],
        test: {
          name: 'unit',
          include: ['packages/shared/src/**/*.test.ts', 'apps/web/src/**/*.test.{ts,tsx}', 'bench/lib/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts', 'bench/soak.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['e2e/support/global-setup.ts'],
          // axe-core on every route a journey reaches (e2e/support/a11y.ts).
          setupFiles: ['e2e/support/a11y-setup.ts'],
        },
      },
    ],
  },
});
