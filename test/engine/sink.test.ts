import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSecret, writeSecretSink } from '../../src/engine/index.js';

describe('secret sinks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-sink-'));

  it('generates distinct Halo-shaped secrets', () => {
    const a = generateSecret();
    expect(a).toHaveLength(73);
    expect(generateSecret()).not.toBe(a);
  });

  it('file:*.json writes JSON with mode 0600', async () => {
    const path = await writeSecretSink('file:out/app.json', dir, 'cid', 'sec-ret-value');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ clientId: 'cid', clientSecret: 'sec-ret-value' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('env-file replaces the two keys and keeps other lines', async () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'OTHER=1\nHALO_CLIENT_ID=old\nHALO_CLIENT_SECRET=old\n', { mode: 0o644 });
    await writeSecretSink('env-file:.env', dir, 'new-id', 'new-secret');
    expect(readFileSync(file, 'utf8')).toBe('OTHER=1\nHALO_CLIENT_ID=new-id\nHALO_CLIENT_SECRET=new-secret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rejects an unknown sink scheme without echoing any secret', async () => {
    await expect(writeSecretSink('vault:x', dir, 'id', 'the-secret')).rejects.toThrow(/unsupported secret sink "vault:x"/);
    await expect(writeSecretSink('vault:x', dir, 'id', 'the-secret')).rejects.not.toThrow(/the-secret/);
  });
});
