/** Test helpers: a simulator per test and plain-fetch calls (no halo-iac client). */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** A JSON HTTP result. */
export interface Result {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/** Starts a simulator, runs `fn` against it and always stops it. */
export async function withSim<T>(options: SimulatorOptions, fn: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

/** POSTs a client-credentials token request; returns the raw result. */
export async function tokenRequest(
  url: string,
  fields: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<Result> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(fields).toString() });
  return read(res);
}

/** A bearer token for the bootstrap application (scope all). */
export async function bootstrapToken(sim: RunningSimulator, scope = 'all'): Promise<string> {
  const r = await tokenRequest(`${sim.authUrl}/token?tenant=${sim.tenant}`, {
    grant_type: 'client_credentials',
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    scope,
  });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
  return (r.body as { access_token: string }).access_token;
}

async function read(res: Response): Promise<Result> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // plain-text bodies (429) stay text
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** Calls the API with a bearer token; `body` is JSON-encoded. */
export async function call(sim: RunningSimulator, token: string, method: string, path: string, body?: unknown): Promise<Result> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return read(res);
}

/** A client bound to one simulator and token. */
export interface Api {
  get(path: string): Promise<Result>;
  post(path: string, body: unknown): Promise<Result>;
  del(path: string): Promise<Result>;
}

/** Authenticates as the bootstrap application and returns a small client. */
export async function apiFor(sim: RunningSimulator): Promise<Api> {
  const token = await bootstrapToken(sim);
  return {
    get: (p) => call(sim, token, 'GET', p),
    post: (p, b) => call(sim, token, 'POST', p, b),
    del: (p) => call(sim, token, 'DELETE', p),
  };
}

/** Narrows an unknown JSON value to an object for property access in tests. */
export function obj(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

/** Narrows an unknown JSON value to an array of objects. */
export function arr(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>[];
}
