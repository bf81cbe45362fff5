import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverSecret, generateSecret, parseSink } from '../../src/engine/index.js';
import { commandArgv, envKeyProblems, envKeys, keyPrefix, removeStrayTemps, writeAtomic } from '../../src/engine/secrets.js';

const dir = mkdtempSync(join(tmpdir(), 'halo-iac-sink-'));
const deliver = (sink: string, extra: { keys?: { clientId?: string; clientSecret?: string }; application?: string } = {}) =>
  deliverSecret(parseSink({ sink }, dir), { application: extra.application ?? 'Moovila', clientId: 'new-id', secret: 'new-secret', envDir: dir, ...(extra.keys ? { keys: extra.keys } : {}) });

describe('secret sinks', () => {
  it('generates distinct Halo-shaped secrets', () => {
    const a = generateSecret();
    expect(a).toHaveLength(73);
    expect(generateSecret()).not.toBe(a);
  });

  it('file:*.json writes JSON with mode 0600', async () => {
    await deliver('file:out/app.json');
    const path = join(dir, 'out/app.json');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ clientId: 'new-id', clientSecret: 'new-secret' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('env-file keys are named after the application, replace their own lines and keep the others', async () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'OTHER=1\nMOOVILA_CLIENT_ID=old\nexport MOOVILA_CLIENT_SECRET=old\n', { mode: 0o644 });
    await deliver('env-file:.env');
    expect(readFileSync(file, 'utf8')).toBe('OTHER=1\nMOOVILA_CLIENT_ID=new-id\nMOOVILA_CLIENT_SECRET=new-secret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a plain file: sink uses the same keys; secret.keys overrides them', async () => {
    await deliver('file:plain.secret', { application: 'Reporting API (EU)' });
    expect(readFileSync(join(dir, 'plain.secret'), 'utf8')).toBe('REPORTING_API_EU_CLIENT_ID=new-id\nREPORTING_API_EU_CLIENT_SECRET=new-secret\n');
    await deliver('env-file:keys.env', { keys: { clientId: 'RPT_ID', clientSecret: 'RPT_SECRET' } });
    expect(readFileSync(join(dir, 'keys.env'), 'utf8')).toBe('RPT_ID=new-id\nRPT_SECRET=new-secret\n');
  });

  it('migration: HALO_CLIENT_* lines an earlier version wrote for this application are replaced', async () => {
    const file = join(dir, 'old.env');
    writeFileSync(file, 'KEEP=1\nHALO_CLIENT_ID=new-id\nHALO_CLIENT_SECRET=the-old-secret\n');
    const done = await deliver('env-file:old.env');
    expect(readFileSync(file, 'utf8')).toBe('KEEP=1\nMOOVILA_CLIENT_ID=new-id\nMOOVILA_CLIENT_SECRET=new-secret\n');
    expect(done.notes).toEqual([`replaced the HALO_CLIENT_ID / HALO_CLIENT_SECRET lines an earlier halo-iac wrote to ${file} with MOOVILA_CLIENT_ID / MOOVILA_CLIENT_SECRET`]);
  });

  it("migration: someone else's HALO_CLIENT_* lines (halo-iac's own login) are left alone, with a warning", async () => {
    const file = join(dir, 'login.env');
    writeFileSync(file, 'HALO_CLIENT_ID=bootstrap-id\nHALO_CLIENT_SECRET=bootstrap-secret\n');
    const done = await deliver('env-file:login.env');
    expect(readFileSync(file, 'utf8')).toBe('HALO_CLIENT_ID=bootstrap-id\nHALO_CLIENT_SECRET=bootstrap-secret\nMOOVILA_CLIENT_ID=new-id\nMOOVILA_CLIENT_SECRET=new-secret\n');
    expect(done.notes).toEqual([
      `${file} also holds HALO_CLIENT_ID / HALO_CLIENT_SECRET lines that are not this application's (left as they are): sourcing the file sets halo-iac's own login`,
    ]);
  });

  it('key names: upper case, non-alphanumerics to _, never halo-iac\'s own login', () => {
    expect(keyPrefix('Moovila')).toBe('MOOVILA');
    expect(keyPrefix('Réporting – API v2')).toBe('REPORTING_API_V2');
    expect(keyPrefix('365 sync')).toBe('_365_SYNC');
    expect(envKeys('Moovila')).toEqual({ clientId: 'MOOVILA_CLIENT_ID', clientSecret: 'MOOVILA_CLIENT_SECRET' });
    expect(envKeyProblems('Moovila', { clientSecret: 'HALO_CLIENT_SECRET' })).toEqual([
      { path: 'secret.keys.clientSecret', message: "secret.keys.clientSecret: HALO_CLIENT_SECRET is halo-iac's own login; sourcing the sink would change who halo-iac logs in as. Choose another name" },
    ]);
    expect(envKeyProblems('Moovila', { clientId: 'halo_client_id' })[0]?.path).toBe('secret.keys.clientId');
    // An application named "Halo" would derive HALO_CLIENT_ID itself.
    expect(envKeyProblems('Halo', undefined).map((p) => p.path)).toEqual(['secret.sink', 'secret.sink']);
    expect(envKeyProblems('Halo', { clientId: 'HALOAPP_ID', clientSecret: 'HALOAPP_SECRET' })).toEqual([]);
    expect(envKeyProblems('X', { clientId: '1X' })[0]?.message).toMatch(/must be a variable name/);
  });

  it('rejects an unknown sink scheme without echoing any secret', () => {
    expect(() => parseSink({ sink: 'vault:x' }, dir)).toThrow(/unsupported secret sink "vault:x": use file:PATH, env-file:PATH, command:CMD or none/);
    expect(() => parseSink({ sink: 'file:x.json', shell: true }, dir)).toThrow(/secret.shell applies to command: sinks only/);
  });

  it('command sinks split like a shell, and refuse shell syntax unless secret.shell', () => {
    expect(commandArgv(`gh secret set MOOVILA_CLIENT_SECRET --env "halo prod" --repo 'acme/it'`)).toEqual(['gh', 'secret', 'set', 'MOOVILA_CLIENT_SECRET', '--env', 'halo prod', '--repo', 'acme/it']);
    expect(() => commandArgv('gh secret set X | tee log')).toThrow('the command uses the operator |, which only a shell understands: set secret.shell: true, or quote it');
    expect(() => commandArgv('vault kv put x id=$HALO_IAC_CLIENT_ID')).toThrow(/uses the variable \$HALO_IAC_CLIENT_ID/);
    expect(() => commandArgv('store *.txt')).toThrow(/uses the glob \*\.txt/);
    expect(parseSink({ sink: 'command:a && b', shell: true }, dir)).toEqual({ scheme: 'command', command: 'a && b', shell: true, argv: [] });
  });
});

describe('private files', () => {
  const umask = process.umask();
  afterEach(() => {
    process.umask(umask);
  });

  it('folders a sink creates are 0700 and files 0600 even under a permissive umask; existing folders are left alone', async () => {
    process.umask(0o000);
    const base = mkdtempSync(join(tmpdir(), 'halo-iac-umask-'));
    const before = statSync(base).mode & 0o777;
    await writeAtomic(join(base, 'a/b/c/secret.json'), '{}');
    for (const d of ['a', 'a/b', 'a/b/c']) expect({ d, mode: statSync(join(base, d)).mode & 0o777 }).toEqual({ d, mode: 0o700 });
    expect(statSync(join(base, 'a/b/c/secret.json')).mode & 0o777).toBe(0o600);
    expect(statSync(base).mode & 0o777).toBe(before);
  });

  it('temp files an interrupted write left are removed; a live process\'s are kept', async () => {
    const base = mkdtempSync(join(tmpdir(), 'halo-iac-tmp-'));
    const file = join(base, 'app.json.pending');
    // A pid that cannot be running (above the kernel's pid_max), and this process's own pid.
    const stray = `${file}.4194999.0123456789ab.tmp`;
    const mine = `${file}.${process.pid}.0123456789ab.tmp`;
    const unrelated = join(base, 'other.json.4194999.0123456789ab.tmp');
    for (const f of [stray, mine, unrelated]) writeFileSync(f, 'secret');
    expect(await removeStrayTemps(file)).toEqual([stray]);
    expect([existsSync(stray), existsSync(mine), existsSync(unrelated)]).toEqual([false, true, true]);
    await writeAtomic(join(base, 'other.json'), '{}');
    expect(existsSync(unrelated)).toBe(false);
  });
});
