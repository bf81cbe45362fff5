/**
 * `--max-file-size` (issue 9 §5) on every command that reads manifests: parsed once by main.ts
 * into bytes (`20MB`, `512KB`, plain bytes), refused when it is not a size, and honoured by the
 * loader: an oversized file is one `file:1:1` error and exit code 1.
 */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/output.js';
import { run as validate } from '../../src/cli/validate.js';
import { UserError } from '../../src/model/diagnostics.js';
import { formatSize, parseSize } from '../../src/manifest/limits.js';
import { ENV_HEADER, tempTree } from './helpers.js';

/** The options commander parses for `args`, with the command's action replaced by a no-op. */
async function parsed(args: string[]): Promise<Record<string, unknown>> {
  const program = buildProgram();
  const cmd = program.commands.find((c) => c.name() === args[0])!;
  cmd.action(() => undefined);
  await program.parseAsync(args, { from: 'user' });
  return cmd.opts();
}

describe('--max-file-size', () => {
  it.each(['validate', 'plan', 'apply', 'export', 'synth'])('is an option of %s, in bytes', async (command) => {
    expect((await parsed([command, '--config', 'env.yaml', '--max-file-size', '20MB'])).maxFileSize).toBe(20 * 1024 * 1024);
  });

  it('refuses a value that is not a size', async () => {
    await expect(parsed(['validate', '--config', 'env.yaml', '--max-file-size', 'big'])).rejects.toThrow(UserError);
    await expect(parsed(['validate', '--config', 'env.yaml', '--max-file-size', 'big'])).rejects.toThrow(
      "--max-file-size must be a size such as 20MB, 512KB or 1048576, got 'big'",
    );
  });

  it('reads sizes with and without units', () => {
    expect([parseSize('20MB'), parseSize('512 kb'), parseSize('1.5GB'), parseSize('4096'), parseSize('2MiB')]).toEqual([
      20 * 1024 ** 2,
      512 * 1024,
      1.5 * 1024 ** 3,
      4096,
      2 * 1024 ** 2,
    ]);
    expect([parseSize('0'), parseSize('-1MB'), parseSize('10 parsecs'), parseSize('')]).toEqual([undefined, undefined, undefined, undefined]);
    expect([formatSize(10 * 1024 ** 2), formatSize(2150), formatSize(100)]).toEqual(['10 MB', '2.1 KB', '100 B']);
  });

  it('is honoured by validate: exit 1 and one positioned line', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'include: ["./big.yaml"]\n', 'big.yaml': 'apiVersion: halo-iac/v1\nkind: Team\nname: Big\n# ' + 'x'.repeat(3000) + '\n' });
    const io = captureIo({ cwd, env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text', maxFileSize: 2048 }, [], io)).toBe(1);
    expect(io.stderr()).toBe('big.yaml:1:1: file is 3.0 KB, over the 2 KB limit (raise it with --max-file-size)\nInvalid: 1 error in environment env.yaml.\n');
    const raised = captureIo({ cwd, env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text', maxFileSize: 4096 }, [], raised)).toBe(0);
  });
});
