/**
 * `halo-iac environments [--json] [--dir environments]`: lists the environments (folders with an
 * environment.yaml) with name, url and tenant, e.g. to feed a CI matrix. No variable expansion:
 * values are shown as written, so `${env:..}` stays as text and no secret can leak.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { environmentNames } from '../manifest/environment-folders.js';
import { parseYaml } from '../manifest/yaml-tree.js';
import { error } from '../model/diagnostics.js';
import { processIo, type Io } from './output.js';
import { execute, textLines, type CommandResult, type Printer, type Run } from './result.js';

/** One environment as listed. */
export interface EnvironmentEntry {
  /** Folder name: what `-e` takes. */
  name: string;
  /** environment.yaml, relative to the working directory. */
  file: string;
  url?: string;
  tenant?: string;
}

/** Environments under `dir` (sorted by name); unreadable ones are listed without url/tenant. */
export function listEnvironments(dir: string, cwd: string): EnvironmentEntry[] {
  const entries: EnvironmentEntry[] = [];
  for (const name of environmentNames(dir)) {
    const abs = join(dir, name, 'environment.yaml');
    const file = relative(cwd, abs).split(sep).join('/');
    const entry: EnvironmentEntry = { name, file };
    const parsed = parseYaml(readFileSync(abs, 'utf8'), abs, file);
    const envDoc = parsed.documents.find((d) => (d.value as { kind?: unknown } | null)?.kind === 'Environment');
    const connection = (envDoc?.value as { connection?: Record<string, unknown> } | undefined)?.connection;
    if (connection && typeof connection.url === 'string') entry.url = connection.url;
    if (connection && typeof connection.tenant === 'string') entry.tenant = connection.tenant;
    entries.push(entry);
  }
  return entries;
}

/** Lists the environments of the `--dir` folder. */
export async function environmentsCommand(options: Record<string, unknown>, io: Io, run: Run<EnvironmentEntry[]>): Promise<CommandResult<EnvironmentEntry[]>> {
  const cwd = resolve(io.cwd);
  const dirOption = typeof options.dir === 'string' ? options.dir : 'environments';
  const dir = resolve(cwd, dirOption);
  if (!existsSync(dir)) return run.fail(error(`environments folder not found: ${dirOption}`));
  return run.finish(0, listEnvironments(dir, cwd));
}

/** `--json`: the list as JSON; else a NAME / URL / TENANT table. */
function printer(io: Io, options: Record<string, unknown>): Printer<EnvironmentEntry[]> {
  return {
    ...textLines(io),
    done({ result: list }) {
      if (!list) return;
      if (options.json === true) return io.out(JSON.stringify(list) + '\n');
      if (list.length === 0) {
        io.out(`No environments in ${typeof options.dir === 'string' ? options.dir : 'environments'}/ (each is a folder with an environment.yaml).\n`);
        return;
      }
      const rows = [['NAME', 'URL', 'TENANT'], ...list.map((e) => [e.name, e.url ?? '-', e.tenant ?? '-'])];
      const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) io.out(`${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`.trimEnd() + '\n');
    },
  };
}

/** Runs the command; returns the exit code. */
export async function run(options: Record<string, unknown>, _args: string[] = [], io: Io = processIo()): Promise<number> {
  return execute(printer(io, options), (r) => environmentsCommand(options, io, r));
}
