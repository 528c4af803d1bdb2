import { defineConfig } from '@playwright/test'

/** Chromium flags for these machines (Debian chromium, no sandbox, no background traffic). */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** E2E: the built console in browser mode (Chromium), and the same UI in Electron where its binary exists. */
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1400, height: 900 },
    actionTimeout: 10_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PATCHBAY_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    { name: 'browser', testIgnore: ['**/electron.spec.ts', '**/screenshots.spec.ts'] },
    { name: 'electron', testMatch: ['**/electron.spec.ts'] },
    // README screenshots are rewritten only on request (`npm run screenshots`), never by the test run.
    ...(process.env.PATCHBAY_SCREENSHOTS === '1'
      ? [{ name: 'screenshots', testMatch: ['**/screenshots.spec.ts'] }]
      : []),
  ],
})
