/**
 * `halo-iac doctor --help`, and its options as main.ts parses them (the same helpers as plan:
 * -e/--config, --format, --insecure; --sample a whole number).
 */
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';

function doctorCommand(): { program: Command; out: () => string } {
  let out = '';
  const program = buildProgram();
  for (const c of [program, ...program.commands]) c.exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (out += s) });
  return { program, out: () => out };
}

describe('halo-iac doctor options', () => {
  it('prints its help', async () => {
    const { program, out } = doctorCommand();
    await expect(program.parseAsync(['node', 'halo-iac', 'doctor', '--help'])).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    const text = out().replace(/\s+/g, ' ');
    expect(text).toContain('Usage: halo-iac doctor [options]');
    expect(text).toContain('--sample <n> detail reads of at most N agents and N roles, the first by id (default 20)');
    expect(text).toContain('check the live tenant against the catalog, read-only (exit 1 on a disagreement)');
    for (const option of ['-e, --env <name>', '--config <path>', '--format <format>', '(choices: "text", "markdown", "json", default: "text")', '--sample <n>', '--insecure']) expect(text).toContain(option);
    expect(program.commands.map((c) => c.name())).toContain('doctor');
  });

  it('refuses a --sample that is not a whole number, and an unknown format', async () => {
    const { program, out } = doctorCommand();
    await expect(program.parseAsync(['node', 'halo-iac', 'doctor', '-e', 'x', '--sample', 'many'])).rejects.toThrow("--sample must be a whole number of at least 0, got 'many'");
    await expect(program.parseAsync(['node', 'halo-iac', 'doctor', '-e', 'x', '--format', 'yaml'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    expect(out()).toContain("argument 'yaml' is invalid");
  });
});
