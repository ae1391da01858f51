// Layer rules (as VS Code's code-layering): the renderer sees only the shared contract and types;
// services, db and every transport but the Electron main/preload never import `electron`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronOnly = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron (it cannot run in tests, the bridge or the CLI).',
};

export default tseslint.config(
  { ignores: ['.scratch-*/**', 'dist/**', 'out/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node.js: call the API instead.' }))],
          patterns: [
            { group: ['**/db/**', '**/db', 'better-sqlite3'], message: 'The renderer never touches the database: call the API.' },
            {
              group: ['**/electron/services/**', '**/electron/api/**', '**/electron/main/**', '**/electron/preload/**', '**/electron/bridge/**', '**/electron/cli/**'],
              message: 'The renderer imports only electron/shared (the contract and types).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, ...nodeBuiltins.map((name) => ({ name, message: 'electron/shared is used by the renderer: no Node.js imports.' }))],
          patterns: [{ group: ['**/db/**', '**/services/**', '**/api/**'], message: 'electron/shared depends on nothing but zod.' }],
        },
      ],
    },
  },
  {
    files: ['db/**/*.ts', 'electron/services/**/*.ts', 'electron/api/**/*.ts', 'electron/bridge/**/*.ts', 'electron/cli/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['db/**/*.ts', 'electron/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [{ group: ['**/electron/main/**', '**/electron/preload/**', '**/electron/bridge/**', '**/electron/cli/**', '**/renderer/**'], message: 'Services and db do not depend on transports or the UI.' }],
        },
      ],
    },
  },
);
