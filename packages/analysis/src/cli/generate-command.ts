import { resolve } from 'node:path';
import type { GeneratedFile, Generator } from '@heterodyne/dashboards';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import {
  compareGeneratedFiles,
  defaultGenerateRoot,
  writeGeneratedFiles,
} from './generate-files.js';
import { GENERATORS, findGenerator } from './generate-registry.js';
import { GENERATE_HELP } from './help.js';
import { rulesGeneratorWithConfig } from './generate-rules-config.js';

const FLAGS = {
  out: { type: 'string', short: 'o' },
  root: { type: 'string' },
  check: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `heterodyne-monitor generate <what...|all> [--out dir] [--root dir] [--check]`: writes the
 * generated files (or, with `--check`, exits 1 naming every file that is stale).
 */
export function generateCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(args, FLAGS, 'generate');
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${GENERATE_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(GENERATE_HELP);
    return EXIT_OK;
  }
  const names = GENERATORS.map((g) => g.name);
  if (positionals.length === 0) {
    io.stderr.write(`generate: missing what to generate; one of: ${names.join(', ')}, all\n`);
    return EXIT_USAGE;
  }
  const wanted = positionals.includes('all') ? names : positionals;
  const generators: Generator[] = [];
  for (const name of wanted) {
    const generator = findGenerator(name);
    if (generator === undefined) {
      io.stderr.write(`generate: unknown generator '${name}'; one of: ${names.join(', ')}, all\n`);
      return EXIT_USAGE;
    }
    if (!generators.includes(generator)) generators.push(generator);
  }
  const configFile = flags.config as string | undefined;
  if (configFile !== undefined) {
    // SLOs of a service configuration replace the built-in ones in the `rules` generator.
    const rules = rulesGeneratorWithConfig(configFile, io);
    if (rules === undefined) return EXIT_INVALID;
    const at = generators.findIndex((g) => g.name === rules.name);
    if (at >= 0) generators[at] = rules;
  }
  const out = flags.out as string | undefined;
  if (out !== undefined && generators.length > 1) {
    io.stderr.write('generate: --out needs exactly one generator (use --root with several)\n');
    return EXIT_USAGE;
  }
  const rootFlag = flags.root as string | undefined;
  const root = rootFlag !== undefined ? resolve(rootFlag) : defaultGenerateRoot(resolve('.'));
  let stale = 0;
  for (const generator of generators) {
    const dir = out !== undefined ? resolve(out) : resolve(root, generator.defaultOutDir);
    let files: readonly GeneratedFile[];
    try {
      files = generator.generate();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`generate ${generator.name}: ${message}\n`);
      return EXIT_RUNTIME;
    }
    try {
      if (flags.check === true) {
        const diff = compareGeneratedFiles(dir, generator, files);
        for (const p of diff.changed) io.stderr.write(`stale: ${dir}/${p}\n`);
        for (const p of diff.missing) io.stderr.write(`missing: ${dir}/${p}\n`);
        for (const p of diff.extra) io.stderr.write(`not generated any more: ${dir}/${p}\n`);
        const n = diff.changed.length + diff.missing.length + diff.extra.length;
        stale += n;
        if (n === 0) io.stderr.write(`${generator.name}: ${dir} is up to date\n`);
      } else {
        const written = writeGeneratedFiles(dir, files);
        io.stdout.write(`${generator.name}: wrote ${written.length} files to ${dir}\n`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`generate ${generator.name}: could not write ${dir}: ${message}\n`);
      return EXIT_RUNTIME;
    }
  }
  if (stale > 0) {
    io.stderr.write(
      `${stale} generated file${stale === 1 ? '' : 's'} out of date; run: npm run generate\n`,
    );
    return EXIT_INVALID;
  }
  return EXIT_OK;
}
