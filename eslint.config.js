// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      'grafana/**',
      'monitoring-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Engines are pure: they read a series view and a per-domain store interface and emit
    // findings; the service composes them. They never reach into the receivers, the service
    // layer, the HTTP API, the CLI or the store drivers.
    files: ['packages/analysis/src/engines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(receivers|service|api|cli)(/|$)',
              message:
                'engines must not import receivers/, service/, api/ or cli/: take what you need through EngineContext or EngineDependencies',
            },
            {
              regex: '^(\\.\\./)+store/(sqlite-store|postgres-store|open-store)(\\.js)?$',
              message:
                'engines must not import the store drivers: depend on the domain interface in store/types.ts',
            },
          ],
        },
      ],
    },
  },
);
