/**
 * `halo-iac doctor`: check the live tenant against the catalog, read-only (issue 8 §5, README
 * "halo-iac doctor"). Exit codes: 0 nothing disagrees, 1 a disagreement or an error.
 */
import { doctorExitCode, renderDoctor, runDoctor, DEFAULT_SAMPLE, RateLimitHeaderLog, type DoctorFormat, type DoctorReport } from '../doctor/index.js';
import { createHaloClient, readOnly } from '../halo/index.js';
import { runtimeError } from '../model/diagnostics.js';
import { renderStoppedMarkdown } from '../render/index.js';
import { clientOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { stderrProgress } from './progress.js';
import { execute, stoppedJson, textLines, type CommandResult, type Printer, type Run } from './result.js';
import { envSelection, loadState, num, str } from './session.js';

/** What doctor found, and the override file to name in its advice. */
export interface DoctorResult {
  report: DoctorReport;
  catalogFile?: string;
}

/** Reads the tenant and checks it; failed reads are diagnostics, the report is the result. */
export async function doctorCommand(options: Record<string, unknown>, io: Io, run: Run<DoctorResult>): Promise<CommandResult<DoctorResult>> {
  const state = await loadState(envSelection(options), io, run);
  if (!state) return run.finish(1);
  const headers = new RateLimitHeaderLog();
  const connection = clientOptions(state.environment, { insecure: options.insecure === true, progress: stderrProgress(io) });
  // The same client options plan uses, plus an observer of every response's rate-limit headers.
  const client = createHaloClient({
    ...connection,
    onEvent: (e) => {
      connection.onEvent?.(e);
      headers.onEvent(e);
    },
  });
  const report = await runDoctor({
    reader: readOnly(client),
    catalog: state.catalog,
    declaredKinds: [...new Set(state.objects.map((o) => o.kind))],
    clientId: connection.clientId,
    sample: num(options.sample, DEFAULT_SAMPLE),
    headers,
  });
  run.report(report.errors.map((e) => runtimeError(e)));
  const catalogFile = state.environment.policy.catalog;
  return run.finish(doctorExitCode(report), { report, ...(catalogFile ? { catalogFile } : {}) });
}

/** The report in its format (text, markdown or JSON) on stdout; diagnostics on stderr. */
function printer(io: Io, format: DoctorFormat): Printer<DoctorResult> {
  return {
    ...textLines(io),
    done(outcome) {
      const { result } = outcome;
      if (result) io.out(renderDoctor(result.report, format, { catalogFile: result.catalogFile }));
      else if (format === 'json') io.out(stoppedJson(outcome, 'doctor'));
      // Doctor's markdown never holds a URL or a name (it goes into public bug reports): the errors stay on stderr.
      else if (format === 'markdown') io.out(renderStoppedMarkdown({ command: 'doctor', code: outcome.code, diagnostics: outcome.diagnostics, withhold: true }));
    },
  };
}

/** Entry point (see main.ts for the options). */
export async function run(options: Record<string, unknown>, _args: string[], io: Io = processIo()): Promise<number> {
  return execute(printer(io, (str(options.format) ?? 'text') as DoctorFormat), (r) => doctorCommand(options, io, r));
}
