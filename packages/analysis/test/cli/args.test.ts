import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../src/cli/args.js';

const specs = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

describe('command argument parsing', () => {
  it('reads flags in both forms and positionals', () => {
    expect(parseCommandArgs(['--config', 'a.yaml', 'x', 'y'], specs, 'replay')).toEqual({
      ok: true,
      value: { flags: { config: 'a.yaml' }, positionals: ['x', 'y'] },
    });
    expect(parseCommandArgs(['--config=b.yaml', '-h'], specs, 'serve')).toEqual({
      ok: true,
      value: { flags: { config: 'b.yaml', help: true }, positionals: [] },
    });
  });

  it.each([
    [['--colour'], /^serve: Unknown option '--colour'/],
    [['--config'], /^serve: Option '-c, --config <value>' argument missing/],
    [['--config='], /^serve: option '--config' needs a value$/],
    [['--config', 'a', '--config', 'b'], /^serve: option '--config' given more than once$/],
  ])('rejects %j naming the flag', (args, message) => {
    const r = parseCommandArgs(args, specs, 'serve');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
