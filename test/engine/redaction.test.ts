import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OPTS, obj, state } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import { SecretRedactor } from '../../src/halo/redact.js';
import type { HaloWriter } from '../../src/halo/types.js';
import { apply, plan, readLive } from '../../src/engine/index.js';

describe('generic credential patterns', () => {
  const r = new SecretRedactor();

  it('mask clientSecret in JSON bodies, plain, and escaped inside another string', () => {
    expect(r.redact('{"displayName":"x","clientSecret":"abc-123-def"}')).toBe('{"displayName":"x","clientSecret":"[redacted]"}');
    expect(r.redact('"{\\"clientSecret\\":\\"abc-123\\"}"')).toBe('"{\\"clientSecret\\":\\"[redacted]\\"}"');
    expect(r.redact('clientSecret=abc&x=1')).toBe('clientSecret=[redacted]&x=1');
    expect(r.redact("{ clientSecret: 'abc' }")).toBe("{ clientSecret: '[redacted]' }");
  });

  it('still mask client_secret and tokens, and leave ordinary text alone', () => {
    expect(r.redact('client_secret=s3cr3t&grant_type=client_credentials')).toBe('client_secret=[redacted]&grant_type=client_credentials');
    expect(r.redact('{"access_token":"tok"}')).toBe('{"access_token":"[redacted]"}');
    expect(r.redact('the secret sink file:x.json was written')).toBe('the secret sink file:x.json was written');
  });
});

describe('errors apply rethrows', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('a non-Halo error quoting the request body loses the generated secret from message and stack', async () => {
    h = await harness();
    const client = h.client;
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-redact-'));
    // What undici does at worst: an internal error quoting the body it could not send.
    const leaky: HaloWriter = new Proxy(client, {
      get: (t, prop) =>
        prop === 'upsert'
          ? async (path: string, items: Record<string, unknown>[]) => {
              if (path !== 'Application') return client.upsert(path as never, items);
              throw new TypeError(`fetch failed: cannot write body ${String(items[0]?.clientSecret)} (socket closed)`);
            }
          : Reflect.get(t, prop),
    });
    const objects = [
      obj('Agent', 'Leak Bot', { apiOnly: true }),
      obj('Application', 'Leak App', { loginAs: 'Leak Bot', scopes: ['read:tickets'], secret: { sink: 'file:leak.json' } }),
    ];
    const s = state(objects, {}, h.sim.url);
    const p = plan(s, await readLive(s, client), { ...OPTS, clientId: h.sim.clientId });
    const err = await apply(p, s, leaky, { batchSize: 50, parallelism: 1, envDir }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const secret = (JSON.parse(readFileSync(join(envDir, 'leak.json.pending'), 'utf8')) as { clientSecret: string }).clientSecret;
    expect(secret).toMatch(/^[0-9a-f-]{73}$/);
    expect(err).toBeInstanceOf(Error);
    expect(err?.name).toBe('TypeError');
    expect(err?.message).toBe('fetch failed: cannot write body [redacted] (socket closed)');
    expect(err?.stack ?? '').not.toContain(secret);
    expect(err?.stack ?? '').toContain('[redacted]');
  });
});
