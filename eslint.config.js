// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** `@heterodyne/dashboards` reaches the analysis package through `generate` only. */
const DASHBOARDS_ONLY_IN_GENERATE = {
  group: ['@heterodyne/dashboards'],
  message:
    'only the generate command (cli/generate-*.ts) may import @heterodyne/dashboards (see ARCHITECTURE.md)',
};

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
            DASHBOARDS_ONLY_IN_GENERATE,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/analysis/src/**/*.ts'],
    ignores: ['packages/analysis/src/engines/**', 'packages/analysis/src/cli/generate-*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [DASHBOARDS_ONLY_IN_GENERATE] }],
    },
  },
  {
    // Dashboards are generated from the conventions alone: semconv, never the other packages.
    files: ['packages/dashboards/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@heterodyne/analysis',
                '@heterodyne/sdk',
                '@heterodyne/node',
                '@heterodyne/examples',
              ],
              message:
                '@heterodyne/dashboards may import @heterodyne/semconv only (see ARCHITECTURE.md)',
            },
          ],
        },
      ],
    },
  },
);
