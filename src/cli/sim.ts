/**
 * `halo-iac sim`: runs the Halo API simulator until SIGINT/SIGTERM, then saves state and exits 0.
 * Prints the URL, auth URL, tenant and the bootstrap client id + secret once at start: the one
 * place halo-iac shows a secret (design.md §6), so a user can point an environment at it.
 */
import { UserError } from '../model/diagnostics.js';
import { parseRateLimit, startSimulator, type SimulatorOptions } from '../simulator/index.js';

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function optionalNumber(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Maps commander options (src/cli/main.ts) to SimulatorOptions. */
export function simulatorOptionsFrom(options: Record<string, unknown>): SimulatorOptions {
  const rateText = optionalString(options['rateLimit']);
  const rate = rateText === undefined ? undefined : parseRateLimit(rateText);
  if (rateText !== undefined && !rate) throw new UserError(`--rate-limit must look like 300/300 (requests/seconds), got '${rateText}'`);
  const faults = Array.isArray(options['fault']) ? options['fault'].map(String) : [];
  return {
    port: optionalNumber(options['port']),
    host: optionalString(options['host']),
    statePath: optionalString(options['state']),
    latencyMs: optionalNumber(options['latency']),
    rateLimit: rate,
    faults,
    seed: optionalNumber(options['seed']),
    logPath: optionalString(options['log']),
    hosted: options['hosted'] === true,
    tenant: optionalString(options['tenant']),
    tokenTtlSeconds: optionalNumber(options['tokenTtl']),
    clientId: optionalString(options['clientId']),
    clientSecret: optionalString(options['clientSecret']),
  };
}

/** Runs the simulator in the foreground. */
export async function run(options: Record<string, unknown>): Promise<number> {
  const sim = await startSimulator(simulatorOptionsFrom(options));
  const lines = [
    `Halo simulator listening on ${sim.url}`,
    `  API:           ${sim.url}/api`,
    `  Auth URL:      ${sim.authUrl}`,
    `  Tenant:        ${sim.tenant}`,
    `  Client ID:     ${sim.clientId}`,
    `  Client secret: ${sim.clientSecret}`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.stop();
  process.stdout.write('Halo simulator stopped.\n');
  return 0;
}
