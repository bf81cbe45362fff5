/**
 * halo-iac command line. Each command lives in its own file (src/cli/<command>.ts) exporting
 * `run(options): Promise<number>` (the exit code) and is imported only when invoked, so that
 * `halo-iac --version` stays fast. One top-level handler prints user errors as
 * `file:line:col: message` and internal errors with their stack (exit 1 for both).
 */
import { Command, Option } from 'commander';
import { parseDuration } from '../duration.js';
import { diagnosticLines, UserError } from '../model/diagnostics.js';
import { DEFAULT_LIMITS, formatSize, parseSize } from '../manifest/limits.js';
import { toolVersion } from '../version.js';

type Runner = (options: Record<string, unknown>, args: string[]) => Promise<number>;

/** Loads src/cli/<file>.js lazily and runs it; sets process.exitCode from its result. */
function lazy(file: string): (...a: unknown[]) => Promise<void> {
  return async (...a: unknown[]) => {
    const cmd = a[a.length - 1] as Command;
    const args = cmd.args;
    const options = cmd.optsWithGlobals();
    const mod = (await import(`./${file}.js`)) as { run: Runner };
    process.exitCode = await mod.run(options, args);
  };
}

/** `--max-file-size 20MB`: bytes. */
function sizeArg(v: string): number {
  const bytes = parseSize(v);
  if (bytes === undefined) throw new UserError(`--max-file-size must be a size such as 20MB, 512KB or 1048576, got '${v}'`);
  return bytes;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function intArg(name: string, min = 0, max?: number) {
  return (v: string): number => {
    const n = Number(v);
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) throw new UserError(`${name} must be a whole number ${range}, got '${v}'`);
    return n;
  };
}

function durationArg(name: string) {
  return (v: string): number => {
    const ms = parseDuration(v);
    if (ms === undefined) throw new UserError(`${name} must be a duration such as 30s, 2m or 500ms, or a number of seconds, got '${v}'`);
    return ms;
  };
}

/** The commands that talk to Halo get --timeout and --deadline. */
const TIMED_COMMANDS = ['plan', 'apply', 'export'];

/** The commands that load an environment's objects take --app (export reads only the connection). */
const APP_COMMANDS = ['validate', 'plan', 'apply', 'doctor', 'synth'];

function timeOptions(c: Command): void {
  c.option('--timeout <duration>', 'per-request timeout, e.g. 30s or 2m (overrides connection.timeout; default 30s)', durationArg('--timeout'));
  c.option('--deadline <duration>', 'fail the whole run, naming what it waited for, once this has passed (default: none)', durationArg('--deadline'));
}

export function buildProgram(): Command {
  const program = new Command('halo-iac')
    .description('Configuration-as-code for HaloPSA: plan and apply Halo setup from YAML manifests.')
    .version(toolVersion(), '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')

  const envOptions = (c: Command) =>
    c
      .addOption(new Option('-e, --env <name>', 'environment: environments/<name>/environment.yaml').conflicts('config'))
      .option('--config <path>', 'path to an environment file (instead of -e)')
      .option('--max-file-size <size>', `largest manifest file read, e.g. 20MB (default ${formatSize(DEFAULT_LIMITS.maxFileSize)})`, sizeArg)
      .option('--max-values <n>', `most YAML values read per file, 5x that per environment (default ${DEFAULT_LIMITS.maxValuesPerFile})`, intArg('--max-values', 1));

  envOptions(program.command('validate'))
    .description('check manifests offline (no network, no secrets needed)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--explain', 'list the unverified catalog values the manifests rely on')
    .action(lazy('validate'));

  envOptions(program.command('plan'))
    .description('show what apply would change in the live Halo tenant (read-only)')
    .option('--out <file>', 'save the plan (with live fingerprints) for apply')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--detailed-exitcode', 'exit 0 no changes, 1 error, 2 changes')
    .option('--target <address>', 'limit to an address such as agent/Moovila (repeatable)', collect)
    .option('--allow-delete', 'permit deletes (also needs policy.allowDelete)')
    .option('--force-deletes', 'permit more deletes than policy.maxDeletes')
    .option('--allow-lockout', 'permit changes to the agent or application halo-iac logs in as')
    .option('--insecure', 'allow http:// to a non-loopback Halo')
    .action(lazy('plan'));

  envOptions(program.command('doctor'))
    .description('check the live tenant against the catalog, read-only (exit 1 on a disagreement)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--sample <n>', 'detail reads of at most N agents and N roles, the first by id (default 20)', intArg('--sample'))
    .option('--insecure', 'allow http:// to a non-loopback Halo')
    .action(lazy('doctor'));

  envOptions(program.command('apply'))
    .description('converge the live Halo tenant to the manifests (or to a saved plan FILE)')
    .argument('[plan-file]', 'a plan saved with plan --out')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--allow-delete', 'permit deletes (also needs policy.allowDelete)')
    .option('--force-deletes', 'permit more deletes than policy.maxDeletes')
    .option('--allow-lockout', 'permit changes to the agent or application halo-iac logs in as')
    .option('--target <address>', 'limit to an address (repeatable)', collect)
    .option('--parallelism <n>', 'concurrent requests per tenant', intArg('--parallelism', 1), 4)
    .option('--batch-size <n>', 'objects per POST array', intArg('--batch-size', 1), 50)
    .option('--lock-timeout <duration>', 'wait this long for another apply to the same tenant on this machine (default 10s; 0: do not wait)', (v: string) => (v.trim() === '0' ? 0 : durationArg('--lock-timeout')(v)))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--insecure', 'allow http:// to a non-loopback Halo')
    .action(lazy('apply'));

  program
    .command('show')
    .description('render a saved plan file')
    .argument('<plan-file>', 'a plan saved with plan --out')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action(lazy('show'));

  envOptions(program.command('export'))
    .description('write manifests from the live tenant (plan on them says No changes)')
    .option('--kinds <list>', 'comma-separated kinds, e.g. team,agent')
    .option('--names <list>', 'comma-separated names or patterns (* matches anything; case-insensitive), e.g. "Moovila*,Ops Bot"')
    .option('--out <dir>', 'output folder', 'exported')
    .option('--insecure', 'allow http:// to a non-loopback Halo')
    .addHelpText('after', '\n--app does not apply to export: it writes the live tenant as YAML, objects an app declares in code\nincluded (delete those from the written files, or plan --app reports each as a duplicate).')
    .action(lazy('export'));

  envOptions(program.command('synth'))
    .description('emit Terraform JSON (cdktf, null_resource per object) into cdktf.out/')
    .option('--out <dir>', 'output folder', 'cdktf.out')
    .action(lazy('synth'));

  program
    .command('environments')
    .description('list environments (e.g. to build a CI matrix)')
    .option('--json', 'print JSON')
    .option('--dir <dir>', 'environments folder', 'environments')
    .action(lazy('environments'));

  program
    .command('sim')
    .description('run the built-in Halo API simulator')
    .option('--port <port>', 'port (0 picks a free one)', intArg('--port', 0, 65535), 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--state <file>', 'persist the tenant to this JSON file (atomic writes)')
    .option('--latency <ms>', 'added latency per request, with jitter', intArg('--latency'))
    .option('--rate-limit <n/s>', 'requests per rolling window in seconds, e.g. 300/300')
    .option('--fault <spec>', '5xx:RATE, drop-after-commit:RATE, 429-burst:RATE, token-expiry:SECONDS (repeatable)', collect)
    .option('--seed <n>', 'random seed for latency jitter and faults', intArg('--seed'))
    .option('--log <file>', 'JSON line per request, secrets masked')
    .option('--hosted', 'behave like hosted Halo: ?tenant= required, rate limit 300/300 on')
    .option('--tenant <name>', 'tenant name for --hosted', 'demo')
    .option('--token-ttl <seconds>', 'token lifetime', intArg('--token-ttl'), 3600)
    .option('--client-id <id>', 'bootstrap application client id')
    .option('--client-secret <secret>', 'bootstrap application client secret')
    .action(lazy('sim'));

  for (const c of program.commands) if (TIMED_COMMANDS.includes(c.name())) timeOptions(c);
  for (const c of program.commands) {
    if (APP_COMMANDS.includes(c.name())) c.option('--app <file>', 'a .ts or .js file whose default export adds code-defined objects (README "Code-defined objects (--app)")');
  }
  for (const c of program.commands) c.version(toolVersion(), '-v, --version', 'print the version');
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    // Loaded only when something went wrong: `--version` stays fast.
    const { failureDiagnostics } = await import('./result.js');
    const expected = failureDiagnostics(e);
    if (expected) for (const d of expected) process.stderr.write(diagnosticLines(d).join('\n') + '\n');
    else process.stderr.write(`halo-iac: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}
