/**
 * A hostile or broken tenant (issue 9 §6, §7): a proxy in front of the simulator serves HTML login
 * pages, nulls, truncated bodies, endless pages, never-answering sockets, wrong content types and
 * wrong shapes. For plan, apply and export through the commands' entry points, each case ends in
 * exactly one `Error:` line naming method, path and what was wrong, exit 1, no stack, and zero
 * write requests in the simulator log.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, type CommandRun, type RunResult, type Workspace } from '../cli/harness.js';
import { proxiedWorkspace, type HostileProxy, type Reply, type Tamper } from './proxy.js';

const MANIFESTS = docs(
  // An existing team with addToAllAgents: plan and apply read its detail (GET /api/Team/2).
  'kind: Team\nname: 2nd Line Support\nspec:\n  department: Service Delivery\n  addToAllAgents: false',
  'kind: Team\nname: Hostile Ops\nspec:\n  department: Service Delivery',
  'kind: Agent\nname: Hostile Bot\nspec:\n  email: bot@acme.example\n  apiOnly: true\n  teams:\n    mode: include\n    members: [Hostile Ops]',
  // Declared so that plan and apply list /api/Roles and /api/TicketType (they read only what the manifests need).
  'kind: Role\nname: Hostile Role\nspec:\n  description: listed by plan',
  'kind: TicketType\nname: Hostile Type\nspec:\n  visibleToAgents: true',
);

/** The environment file, with a short per-request timeout so never-answering cases end quickly. */
function environmentYaml(timeout = '300ms'): string {
  return [
    'apiVersion: halo-iac/v1',
    'kind: Environment',
    'name: hostile',
    'connection:',
    '  url: ${env:HALO_URL}',
    '  authUrl: ${env:HALO_AUTH_URL}',
    '  clientId: ${env:HALO_CLIENT_ID}',
    '  clientSecret: ${env:HALO_CLIENT_SECRET}',
    `  timeout: ${timeout}`,
    'include: ["./*.yaml"]',
  ].join('\n');
}

const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Sign in - HaloPSA</title></head><body><form action="/auth/login"></form></body></html>';
const html = (status = 200): Reply => ({ status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: LOGIN_PAGE });
const json = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, headers, body: JSON.stringify(body) });

/** Matches `METHOD /api/<route>` exactly (any casing), the list endpoint, not its /<id> children. */
const is = (method: string, route: string) => (r: { method: string; path: string }) => r.method === method && r.path.toLowerCase() === `/api/${route}`.toLowerCase();

let ws: Workspace;
let proxy: HostileProxy;

beforeEach(async () => {
  ({ ws, proxy } = await proxiedWorkspace());
  ws.write('environments/hostile/environment.yaml', environmentYaml());
  ws.write('environments/hostile/resources.yaml', MANIFESTS);
});

afterEach(async () => {
  await proxy.close();
  await ws.close();
});

/** Write requests the simulator logged (token requests are not writes). */
function simWrites(): string[] {
  return ws.sim.requests.filter((r) => r.method !== 'GET' && r.path.toLowerCase().startsWith('/api/')).map((r) => `${r.method} ${r.path}`);
}

const COMMANDS: Record<'plan' | 'apply' | 'export', { run: CommandRun; options: Record<string, unknown> }> = {
  plan: { run: plan, options: { env: 'hostile' } },
  apply: { run: apply, options: { env: 'hostile', autoApprove: true } },
  export: { run: exportRun, options: { env: 'hostile', out: 'exported' } },
};

/** The `Error:` lines of stderr (progress lines such as `retrying ...` are not errors). */
function errorLines(r: RunResult): string[] {
  return r.stderr.split('\n').filter((l) => l.startsWith('Error:') || /^\S+:\d+:\d+: /.test(l) || l.includes('internal error'));
}

/** Runs `command` and checks the outcome every hostile case must have: one error line, exit 1, no stack. */
async function refused(command: keyof typeof COMMANDS, extra: Record<string, unknown> = {}): Promise<string> {
  const { run, options } = COMMANDS[command];
  const r = await ws.run(run, { ...options, ...extra });
  expect(r.code, `${command} exit code (stderr: ${r.stderr})`).toBe(1);
  expect(errorLines(r), `${command} stderr: ${r.stderr}`).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (command === 'export') expect(existsSync(join(ws.cwd, 'exported'))).toBe(false);
  return (errorLines(r)[0] as string).replace(/^Error: /, '');
}

interface HostileCase {
  name: string;
  tamper: Tamper;
  /** The one error line (without `Error: `), or a pattern when it holds a number that varies. */
  error: string | RegExp;
  /** connection.timeout in the environment file (default 300ms). */
  timeout?: string;
  /** Command-line flags, as main.ts parses them (durations in ms). */
  flags?: Record<string, unknown>;
}

const CASES: HostileCase[] = [
  {
    name: 'an HTML login page served with 200',
    tamper: (r) => (is('GET', 'Team')(r) ? html() : undefined),
    error: 'GET /api/Team: Halo answered 200 with an HTML page ("Sign in - HaloPSA"), not JSON: a login page or a proxy in front of Halo? Check connection.url',
  },
  {
    name: 'a null item in a list',
    tamper: async (r, forward) => {
      if (!is('GET', 'Agent')(r)) return undefined;
      const agents = (await forward()).json() as unknown[];
      return json([agents[0], null, ...agents.slice(1)]);
    },
    error: 'GET /api/Agent: item 2 of the list is null, not an object',
  },
  {
    name: 'a number where a record belongs',
    tamper: async (r, forward) => (is('GET', 'Roles')(r) ? json([42, ...((await forward()).json() as unknown[])]) : undefined),
    error: 'GET /api/Roles: item 1 of the list is a number, not an object',
  },
  {
    name: 'a record without an id',
    tamper: async (r, forward) => {
      if (!is('GET', 'Team')(r)) return undefined;
      const teams = (await forward()).json() as Record<string, unknown>[];
      delete teams[1]?.id;
      return json(teams);
    },
    error: 'GET /api/Team: item 2 of the list has no id',
  },
  {
    name: 'a truncated JSON body',
    tamper: async (r, forward) => {
      if (!is('GET', 'TicketType')(r)) return undefined;
      const body = (await forward()).body;
      return { status: 200, body: body.subarray(0, Math.floor(body.length / 2)) };
    },
    error: /^GET \/api\/TicketType: the JSON body is truncated or malformed \(\d+ bytes\)$/,
  },
  {
    name: 'endless pages (page_no ignored)',
    tamper: (() => {
      // Page 1 again for every page_no, claiming far more records.
      let first: unknown;
      return async (r, forward) => {
        if (!is('GET', 'TopLevel')(r)) return undefined;
        if (r.query.get('page_no') === '1' || first === undefined) first = (await forward()).json();
        return json({ ...(first as object), record_count: 100_000 });
      };
    })(),
    error: 'GET /api/TopLevel: page 2 repeats the 3 records of page 1 (does the server ignore page_no?); stopped after 2 requests',
  },
  {
    name: 'a socket that never answers (connection.timeout: 300ms)',
    tamper: (r) => (is('GET', 'Team')(r) ? 'hang' : undefined),
    error: 'GET /api/Team: no answer from Halo within 300ms (connection.timeout or --timeout), 2 attempts',
  },
  {
    name: '--timeout overrides connection.timeout',
    timeout: '1m',
    flags: { timeout: 200 },
    tamper: (r) => (is('GET', 'Team')(r) ? 'hang' : undefined),
    error: 'GET /api/Team: no answer from Halo within 200ms (connection.timeout or --timeout), 2 attempts',
  },
  {
    name: '--deadline ends the run, naming what it was waiting for',
    timeout: '1m',
    flags: { deadline: 400 },
    tamper: (r) => (is('GET', 'Team')(r) ? 'hang' : undefined),
    error: "GET /api/Team: the run's deadline (--deadline 400ms) passed while waiting for an answer to GET /api/Team",
  },
  {
    name: 'JSON under a wrong content type',
    tamper: async (r, forward) => (is('GET', 'Roles')(r) ? { status: 200, headers: { 'content-type': 'text/plain' }, body: (await forward()).body } : undefined),
    error: 'GET /api/Roles: Halo answered 200 with content-type text/plain, not JSON',
  },
  {
    name: 'a wrapper without the list',
    tamper: async (r, forward) => (is('GET', 'TopLevel')(r) ? json({ record_count: 3, data: (await forward()).json() }) : undefined),
    error: 'GET /api/TopLevel: expected a list, got an object with keys record_count, data',
  },
  {
    // Plan and apply read the detail of the managed team that sets addToAllAgents; export reads no
    // team detail (it never writes that field), only agents' (their permissions).
    name: 'a detail GET that returns an array',
    tamper: async (r, forward) => (is('GET', 'Team/2')(r) || is('GET', 'Agent/1')(r) ? json([(await forward()).json()]) : undefined),
    error: /^GET \/api\/(Team\/2|Agent\/1): expected one record \(an object\), got an array$/,
  },
  {
    name: 'an answer that is not HTTP',
    tamper: (r) => (is('GET', 'Roles')(r) ? 'garbage' : undefined),
    error: 'GET /api/Roles: the answer is not HTTP (Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)): check connection.url',
  },
  {
    name: 'a redirect to a login page',
    tamper: (r) => (is('GET', 'Roles')(r) ? { status: 302, headers: { location: 'https://login.hostile.invalid/sso?return=%2Fapi' }, body: '' } : undefined),
    error: 'GET /api/Roles: Halo answered 302: a redirect to https://login.hostile.invalid/sso (a login page or a proxy in front of Halo? check connection.url)',
  },
  {
    name: 'a token endpoint that serves a login page',
    tamper: (r) => (r.path === '/auth/token' ? html() : undefined),
    error: /^POST http:\/\/127\.0\.0\.1:\d+\/auth\/token: no token: Halo answered 200 with an HTML page \("Sign in - HaloPSA"\), not JSON: a login page or a proxy in front of Halo\? Check connection\.authUrl$/,
  },
];

describe('a hostile tenant: one line, exit 1, zero writes', () => {
  it('the proxy itself is transparent: plan, apply and export succeed through it', async () => {
    expect((await ws.run(plan, COMMANDS.plan.options)).code).toBe(0);
    const applied = await ws.run(apply, COMMANDS.apply.options);
    expect(applied.code, applied.stderr).toBe(0);
    expect(simWrites().length).toBeGreaterThan(0);
    expect((await ws.run(exportRun, COMMANDS.export.options)).code).toBe(0);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      proxy.tamper = c.tamper;
      if (c.timeout !== undefined) ws.write('environments/hostile/environment.yaml', environmentYaml(c.timeout));
      for (const command of ['plan', 'apply', 'export'] as const) {
        const line = await refused(command, c.flags);
        if (typeof c.error === 'string') expect(line, command).toBe(c.error);
        else expect(line, command).toMatch(c.error);
      }
      expect(simWrites()).toEqual([]);
      expect(proxy.seen.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'))).toEqual([]);
    });
  }
});

describe('a hostile tenant answering writes: nothing is written after the bad answer', () => {
  const saved: { name: string; body: string; error: string }[] = [
    { name: 'a POST answered with a string', body: '"OK"', error: 'POST /api/Team: the response is a string, expected the saved record (an object or an array)' },
    { name: 'a created record without an id', body: '{"name":"Hostile Ops"}', error: 'POST /api/Team: the saved record has no id' },
    { name: 'a POST answered with a login page', body: LOGIN_PAGE, error: 'POST /api/Team: Halo answered 200 with an HTML page ("Sign in - HaloPSA"), not JSON: a login page or a proxy in front of Halo? Check connection.url' },
  ];
  for (const c of saved) {
    it(c.name, async () => {
      // The proxy answers the first write itself (the simulator never sees it) and counts what follows.
      proxy.tamper = (r) => (r.method === 'POST' && r.path.startsWith('/api/') ? { status: 200, body: c.body } : undefined);
      expect(await refused('apply')).toBe(c.error);
      expect(proxy.seen.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/Team']);
      expect(simWrites()).toEqual([]);
    });
  }
});

describe('an unreachable tenant', () => {
  it('a host that does not resolve (.invalid): one line naming it, at once', async () => {
    ws.env.HALO_URL = 'https://halo-iac-hostile.invalid';
    ws.env.HALO_AUTH_URL = 'https://halo-iac-hostile.invalid/auth';
    for (const command of ['plan', 'apply', 'export'] as const) {
      expect(await refused(command)).toMatch(/^POST \/auth\/token: cannot resolve host halo-iac-hostile\.invalid \((ENOTFOUND|EAI_AGAIN)\): check connection\.authUrl$/);
    }
  });

  it('a refused connection: retried briefly, then names connection settings and the simulator', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    ws.env.HALO_URL = `http://127.0.0.1:${port}`;
    ws.env.HALO_AUTH_URL = `http://127.0.0.1:${port}/auth`;
    // The three commands at once: each spends its own few seconds of retries.
    const lines = await Promise.all((['plan', 'apply', 'export'] as const).map((command) => refused(command)));
    for (const line of lines) {
      expect(line).toBe(
        `POST /auth/token: cannot connect to 127.0.0.1:${port} (connection refused, 5 attempts): check connection.authUrl, or whether the simulator (halo-iac sim) is running`,
      );
    }
  });
});
