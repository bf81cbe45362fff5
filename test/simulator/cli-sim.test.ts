/** `halo-iac sim` as a user runs it: a child process on a free port, stopped with SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulatorOptionsFrom } from '../../src/cli/sim.js';
import { UserError } from '../../src/model/diagnostics.js';
import { tokenRequest } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('halo-iac sim', () => {
  it('prints URL, auth URL, tenant and credentials once, serves, and saves state on SIGTERM', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'halo-sim-cli-')), 'state.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', 'sim', '--port', '0', '--state', statePath, '--tenant', 'acme', '--client-secret', 'cli-secret-1'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: string) => {
        out += d;
        if (out.includes('Client secret:')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
    });
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? '';
    const clientId = /Client ID:\s+(\S+)/.exec(out)?.[1] ?? '';
    expect(out).toContain(`Auth URL:      ${url}/auth`);
    expect(out).toContain('Tenant:        acme');
    expect(out.split('cli-secret-1')).toHaveLength(2);
    const r = await tokenRequest(`${url}/auth/token`, { grant_type: 'client_credentials', client_id: clientId, client_secret: 'cli-secret-1' });
    expect(r.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(statePath)).toBe(true);
  });

  it('maps CLI options and rejects a malformed --rate-limit', () => {
    expect(simulatorOptionsFrom({ port: 0, rateLimit: '10/60', fault: ['5xx:0.1'], hosted: true, tokenTtl: 60 })).toMatchObject({
      port: 0,
      rateLimit: { requests: 10, windowSeconds: 60 },
      faults: ['5xx:0.1'],
      hosted: true,
      tokenTtlSeconds: 60,
    });
    expect(() => simulatorOptionsFrom({ rateLimit: 'lots' })).toThrow(UserError);
  });
});
