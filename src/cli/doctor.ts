/**
 * `halo-iac doctor`: check the live tenant against the catalog, read-only (issue 8 §5, README
 * "halo-iac doctor"). Exit codes: 0 nothing disagrees, 1 a disagreement or an error.
 */
import { doctorExitCode, renderDoctor, runDoctor, DEFAULT_SAMPLE, RateLimitHeaderLog, type DoctorFormat } from '../doctor/index.js';
import { createHaloClient, readOnly } from '../halo/index.js';
import { clientOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { stderrProgress } from './progress.js';
import { guarded, loadState, num, str } from './session.js';

/** Entry point (see main.ts for the options). */
export async function run(options: Record<string, unknown>, _args: string[], io: Io = processIo()): Promise<number> {
  return guarded(io, async () => {
    const state = await loadState({ env: str(options.env), config: str(options.config) }, io, 'plan', false);
    if (!state) return 1;
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
    for (const e of report.errors) io.err(`Error: ${e}\n`);
    io.out(renderDoctor(report, (str(options.format) ?? 'text') as DoctorFormat, { catalogFile: state.environment.policy.catalog }));
    return doctorExitCode(report);
  });
}
