#!/usr/bin/env node
// The `heterodyne-monitor` command. A committed file, so that npm links the command at install
// time, before `npm run build` has produced `dist/`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('heterodyne-monitor: the package is not built yet; run `npm run build` first');
  process.exit(3);
}
await import(main.href);
