import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'tests/fixtures'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-control-regex': 'off',
    },
  },
  {
    // The core must run under plain Node: CLI, tests and benchmarks use it directly.
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'core must not import electron' }] },
      ],
    },
  },
  {
    // Dependencies point one way: the renderer and preload are untrusted and bundled for the
    // browser, and shared is what both sides agree on. None of them may reach into main; a type
    // they need lives in src/shared/types.
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preload/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+main(/|$)|(^|/)src/main(/|$)',
              message: 'renderer, preload and shared must not import from src/main',
            },
          ],
        },
      ],
    },
  },
);
