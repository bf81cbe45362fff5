/**
 * Every option main.ts declares is honoured by its command: export --insecure, show --format,
 * apply --parallelism (reads and POST batches) and --batch-size. Concurrency is observed through
 * a loopback proxy in front of the simulator that counts requests in flight.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { docs, environmentYaml, workspace, type Workspace } from './harness.js';

/** A proxy to `target` that holds each request a moment so concurrent ones overlap, and counts them. */
interface CountingProxy {
  url: string;
  /** Most requests in flight at once, per method (token requests excluded). */
  max: Record<string, number>;
  close(): Promise<void>;
}

async function countingProxy(target: string): Promise<CountingProxy> {
  const max: Record<string, number> = {};
  const inFlight: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const counted = (req.url ?? '').startsWith('/api/');
      if (counted) {
        inFlight[method] = (inFlight[method] ?? 0) + 1;
        max[method] = Math.max(max[method] ?? 0, inFlight[method]);
      }
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      // Held for a few milliseconds so that requests the client allows to overlap do overlap.
      setTimeout(() => {
        fetch(`${target}${req.url ?? ''}`, { method, headers, body })
          .then(async (r) => {
            const text = await r.text();
            if (counted) inFlight[method] = (inFlight[method] ?? 1) - 1;
            res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
            res.end(text);
          })
          .catch((e: unknown) => {
            res.writeHead(502);
            res.end(String(e));
          });
      }, 15);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, max, close: () => new Promise((r) => server.close(() => r())) };
}

const TEAMS = docs(
  'kind: Team\nname: Alpha\nspec:\n  department: Sales',
  'kind: Team\nname: Bravo\nspec:\n  department: Sales',
  'kind: Team\nname: Charlie\nspec:\n  department: Sales',
  'kind: Agent\nname: Ops Bot\nspec:\n  apiOnly: true\n  admin: false',
);

describe('apply --parallelism and --batch-size', () => {
  let ws: Workspace;
  let proxy: CountingProxy;
  beforeEach(async () => {
    ws = await workspace();
    proxy = await countingProxy(ws.sim.url);
    ws.env.HALO_URL = proxy.url;
    ws.env.HALO_AUTH_URL = `${proxy.url}/auth`;
    ws.writeEnv(TEAMS);
  });
  afterEach(async () => {
    await proxy.close();
    await ws.close();
  });

  it('--parallelism 1 keeps every read and every batch sequential', async () => {
    const r = await ws.run(apply, { env: 'test', autoApprove: true, parallelism: 1, batchSize: 1 });
    expect(r.stderr).not.toMatch(/^Error:/m);
    expect(r.code).toBe(0);
    expect(proxy.max.GET).toBe(1);
    expect(proxy.max.POST).toBe(1);
  });

  it('--parallelism 4 lets reads and batches overlap (so the bound above is the flag at work)', async () => {
    const r = await ws.run(apply, { env: 'test', autoApprove: true, parallelism: 4, batchSize: 1 });
    expect(r.code).toBe(0);
    expect(proxy.max.GET).toBeGreaterThan(1);
    expect(proxy.max.GET).toBeLessThanOrEqual(4);
    expect(proxy.max.POST).toBeGreaterThan(1);
    expect(proxy.max.POST).toBeLessThanOrEqual(4);
  });

  it('--batch-size sets the objects per POST array', async () => {
    expect((await ws.run(apply, { env: 'test', autoApprove: true, batchSize: 2 })).code).toBe(0);
    const posts = ws.sim.requests.filter((q) => q.method === 'POST' && q.path.toLowerCase() === '/api/team');
    expect(posts.map((p) => (p.request as unknown[]).length)).toEqual([2, 1]);
  });

  it('prints the verification re-read after apply as a progress line', async () => {
    const r = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n');
    const verify = lines.findIndex((l) => /^verifying: read \d+ live objects \(.*Team \d+/.test(l));
    const teams = lines.findIndex((l) => /^Team: (\d+)\/\1 created$/.test(l));
    expect(teams).toBeGreaterThan(0);
    expect(verify).toBeGreaterThan(teams);
  });
});

describe('export --insecure', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.write('environments/seed/environment.yaml', environmentYaml('seed'));
    // 0.0.0.0 is not a loopback name (so plain http:// needs --insecure), yet connecting to it
    // reaches this machine: the test stays offline.
    ws.env.HALO_URL = ws.sim.url.replace('127.0.0.1', '0.0.0.0');
    ws.env.HALO_AUTH_URL = ws.sim.authUrl.replace('127.0.0.1', '0.0.0.0');
  });
  afterEach(async () => ws.close());

  it('refuses plain http:// to a non-loopback host without it, and exports with it', async () => {
    const refused = await ws.run(exportRun, { env: 'seed', out: 'out', kinds: 'team' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--insecure');
    expect(ws.sim.requests).toHaveLength(0);
    const r = await ws.run(exportRun, { env: 'seed', out: 'out', kinds: 'team', insecure: true });
    expect(r.stderr).not.toMatch(/^Error:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('out/team.yaml (4)');
  });
});

describe('show --format', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  department: Sales'));
  });
  afterEach(async () => ws.close());

  it('renders a saved plan as json and markdown exactly like plan does', async () => {
    const json = await ws.run(plan, { env: 'test', out: 'plan.json', format: 'json' });
    expect(json.code).toBe(0);
    const shownJson = await ws.run(show, { format: 'json' }, ['plan.json']);
    expect(shownJson.code).toBe(0);
    expect(shownJson.stdout).toBe(json.stdout);
    expect(JSON.parse(shownJson.stdout)).toEqual(expect.objectContaining({ environment: 'test' }));

    const markdown = await ws.run(plan, { env: 'test', out: 'plan2.json', format: 'markdown' });
    const shownMarkdown = await ws.run(show, { format: 'markdown' }, ['plan2.json']);
    expect(shownMarkdown.stdout).toBe(markdown.stdout);
    expect(shownMarkdown.stdout).toContain('team/Integrations');
    expect(shownMarkdown.stdout).not.toBe(shownJson.stdout);
  });
});

describe('--timeout and --deadline', () => {
  it('plan, apply and export parse them as durations; other commands do not take them', async () => {
    const { buildProgram } = await import('../../src/cli/main.js');
    const program = buildProgram();
    for (const name of ['plan', 'apply', 'export']) {
      const c = program.commands.find((x) => x.name() === name)!;
      c.parseOptions(['--timeout', '2m', '--deadline', '1h30m']);
      expect(c.opts(), name).toMatchObject({ timeout: 120_000, deadline: 5_400_000 });
    }
    const validate = program.commands.find((x) => x.name() === 'validate')!;
    expect(validate.options.map((o) => o.long)).not.toContain('--timeout');
    const planCommand = program.commands.find((x) => x.name() === 'plan')!;
    expect(() => planCommand.parseOptions(['--timeout', 'soon'])).toThrow("--timeout must be a duration such as 30s, 2m or 500ms, or a number of seconds, got 'soon'");
  });
});

describe('--lock-timeout', () => {
  it('takes a duration, and 0 for "do not wait" (QA: 0 was refused)', async () => {
    const { buildProgram } = await import('../../src/cli/main.js');
    const parse = (v: string) => {
      const c = buildProgram().commands.find((x) => x.name() === 'apply')!;
      c.parseOptions(['--lock-timeout', v]);
      return c.opts().lockTimeout as number;
    };
    expect(parse('0')).toBe(0);
    expect(parse('2m')).toBe(120_000);
    expect(() => parse('-1')).toThrow("--lock-timeout must be a duration such as 30s, 2m or 500ms, or a number of seconds, got '-1'");
  });
});
