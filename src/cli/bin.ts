#!/usr/bin/env node
/**
 * The `halo-iac` executable. `halo-iac --version` is answered before the command parser is
 * loaded: CI scripts call it often, and it must start in well under 150 ms (bench/cli-start.ts).
 */
import { toolVersion } from '../version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${toolVersion()}\n`);
} else {
  // Before any output: `halo-iac ... | head -1` ends quietly (pipe.ts).
  const { exitQuietlyOnEpipe } = await import('./pipe.js');
  exitQuietlyOnEpipe(process.stdout);
  exitQuietlyOnEpipe(process.stderr);
  const { main } = await import('./main.js');
  await main(process.argv);
}
