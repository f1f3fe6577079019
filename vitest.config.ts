import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string): string =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; child-process tests run the built `dist/`.
    alias: {
      '@heterodyne/semconv': pkg('semconv'),
      '@heterodyne/sdk': pkg('sdk'),
      '@heterodyne/node': pkg('node'),
      '@heterodyne/analysis': pkg('analysis'),
      '@heterodyne/dashboards': pkg('dashboards'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
