/** validate (offline) checks every secret block: sink syntax, shell use, key names, policy.requireSecretSink's type. */
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/output.js';
import { run as validate } from '../../src/cli/validate.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const agent = 'apiVersion: halo-iac/v1\nkind: Agent\nname: Bot\nspec:\n  apiOnly: true\n';
function app(name: string, secret: string): string {
  return `---\napiVersion: halo-iac/v1\nkind: Application\nname: ${name}\nspec:\n  loginAs: Bot\n  scopes: [read:tickets]\n  secret: ${secret}\n`;
}

async function errors(files: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const io = captureIo({ cwd: tempTree(files), env: {} });
  const code = await validate({ config: 'env.yaml', format: 'text' }, [], io);
  return { code, lines: io.stderr().trim().split('\n') };
}

describe('validate: secret blocks', () => {
  it('reports each bad secret block at its value, in one pass', async () => {
    const r = await errors({
      'env.yaml':
        ENV_HEADER +
        '---\n' +
        agent +
        app('Pipe', '{ sink: "command:gh secret set X | tee log" }') +
        app('Login', '{ sink: "env-file:a.env", keys: { clientSecret: HALO_CLIENT_SECRET } }') +
        app('Halo', '{ sink: "env-file:b.env" }') +
        app('Json', '{ sink: "file:c.json", keys: { clientId: C_ID } }') +
        app('Shell', '{ sink: "file:d.env", shell: true }') +
        app('Nowhere', '{ sink: none, rotate: 1 }'),
    });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      'env.yaml:20:19: application/Pipe: secret.sink: the command uses the operator |, which only a shell understands: set secret.shell: true, or quote it',
      "env.yaml:28:59: application/Login: secret.keys.clientSecret: HALO_CLIENT_SECRET is halo-iac's own login; sourcing the sink would change who halo-iac logs in as. Choose another name",
      "env.yaml:36:19: application/Halo: the sink would write HALO_CLIENT_ID (from the application's name), which is halo-iac's own login: set secret.keys.clientId to another name",
      "env.yaml:36:19: application/Halo: the sink would write HALO_CLIENT_SECRET (from the application's name), which is halo-iac's own login: set secret.keys.clientSecret to another name",
      'env.yaml:44:40: application/Json: secret.keys applies to env-file: sinks and file: sinks that are not .json',
      'env.yaml:52:40: application/Shell: secret.sink: secret.shell applies to command: sinks only',
      'env.yaml:60:33: application/Nowhere: secret.rotate needs a sink that keeps the secret (secret.sink is none)',
      'Invalid: 7 errors in environment env.yaml.',
    ]);
  });

  it('accepts command sinks, shell: true, keys and none; policy.requireSecretSink must be a boolean', async () => {
    const ok = await errors({
      'env.yaml':
        ENV_HEADER +
        'policy:\n  requireSecretSink: true\n---\n' +
        agent +
        app('Gh', '{ sink: "command:gh secret set MOOVILA_CLIENT_SECRET --env \'halo prod\'" }') +
        app('Vault', '{ sink: \'command:vault kv put secret/halo/x client_id="$HALO_IAC_CLIENT_ID" client_secret=-\', shell: true }') +
        app('Keys', '{ sink: "env-file:k.env", keys: { clientId: K_ID, clientSecret: K_SECRET } }') +
        app('None', '{ sink: none }'),
    });
    expect(ok).toEqual({ code: 0, lines: [''] });
    const bad = await errors({ 'env.yaml': ENV_HEADER + 'policy:\n  requireSecretSink: "yes"\n' });
    expect(bad.code).toBe(1);
    expect(bad.lines[0]).toBe('env.yaml:8:22: policy.requireSecretSink: expected boolean, got string');
  });
});
