// ESLint flat config: @eslint/js + typescript-eslint recommended everywhere, React hooks rules for the
// renderer. Formatting is Prettier's job (`prettier --check .`), so no stylistic rules here.
import { defineConfig, globalIgnores } from 'eslint/config'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'structuredClone',
    'fetch',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    'globalThis',
  ].map((name) => [name, 'readonly']),
)

/** Electron's modules, allowed only under main/app. */
const electronOnlyInApp = ['electron', 'electron-store'].map((name) => ({
  name,
  message: `${name} is imported only in main/app (the Electron glue); main/core receives its ports from the front door`,
}))

export default defineConfig(
  globalIgnores([
    'out/**',
    'node_modules/**',
    'release/**',
    'dist/**',
    'coverage/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    '.ci/results/**',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    // Playwright fixtures must destructure their first argument, even when they need nothing: `async ({}, use)`.
    files: ['test/e2e/**/*.ts', '**/playwright.config.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: electronOnlyInApp }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layer boundaries: imports point down only (README, "Architecture").
  boundary(
    ['main/core/**/*.ts'],
    [
      {
        regex: '^(\\.\\./)+(app|cli|server)/',
        message: 'main/core is imported by the front doors, never the reverse',
      },
      { regex: '^(\\.\\./)+renderer/', message: 'main/core never imports the renderer' },
    ],
  ),
  boundary(
    ['main/clients/**/*.ts', 'main/site/**/*.ts'],
    [
      {
        regex: '^(\\.\\./)+core/',
        message: 'main/clients and main/site sit below main/core and never import it',
      },
    ],
  ),
  boundary(
    ['renderer/**/*.{ts,tsx}'],
    [{ regex: '^(\\.\\./)+main/', message: 'the renderer reaches main only through the contract (shared/)' }],
  ),
  boundary(
    ['shared/**/*.ts'],
    [{ regex: '^(\\.\\./)+(main|renderer)/', message: 'shared/ is the contract: it imports neither side' }],
  ),
  {
    // Electron (and electron-store, which throws outside Electron) only in the Electron glue.
    files: ['main/app/**/*.ts', 'test/main/app/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
)

/** A no-restricted-imports rule for `files`: Electron is refused as everywhere, plus the given patterns. */
function boundary(files, patterns) {
  return {
    files,
    rules: { 'no-restricted-imports': ['error', { paths: electronOnlyInApp, patterns }] },
  }
}
