/**
 * `halo-iac sim --port`: a port outside 0..65535 is the same one-line user error as one that is
 * not a number (it was an internal error with a stack: RangeError from listen()).
 */
import { expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { UserError } from '../../src/model/diagnostics.js';

async function portError(port: string): Promise<unknown> {
  const program = buildProgram();
  for (const c of [program, ...program.commands]) c.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  return program.parseAsync(['node', 'halo-iac', 'sim', '--port', port]).then(
    () => undefined,
    (e: unknown) => e,
  );
}

it.each(['99999', '65536', '-1', 'abc', '80.5'])('--port %s is a one-line user error', async (port) => {
  const e = await portError(port);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toBe(`--port must be a whole number from 0 to 65535, got '${port}'`);
});
