// Writes docs/semconv.md from the registry. Run with `npm run docs` from the repository root.
import { writeFileSync } from 'node:fs';
import { renderSemconvMarkdown } from './docs.js';

const target = new URL('../../../docs/semconv.md', import.meta.url);
writeFileSync(target, renderSemconvMarkdown());
console.log(`wrote ${target.pathname}`);
