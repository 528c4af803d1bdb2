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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
