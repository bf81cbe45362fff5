/**
 * Application: an API application (/api/Application, NHD_Identity_Application, string ids) logging in as an
 * agent with a set of scopes. Scopes are checked against catalog/scopes; known-invalid ones (read:actions...)
 * are errors with the reason. Scopes grow through addScope.
 */
import type { Construct } from 'constructs';
import { suggestion, type Checker } from '../checker.js';
import { choice, custom, flag, namedList, ref } from '../fields.js';
import { declareKind, type SpecProblem } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';
import { parseSink } from '../secret/sink.js';
import { envKeyProblems, type SinkKeys } from '../secret/env-keys.js';

/** Where an application's generated secret goes, and its rotation counter. */
export interface SecretSpec {
  /**
   * `file:PATH` (written 0600), `env-file:PATH` (relative to the environment file), `command:CMD`
   * (run with the secret on stdin, e.g. `command:gh secret set MOOVILA_CLIENT_SECRET`) or `none`
   * (kept nowhere, on purpose).
   */
  sink: string;
  /** Bump to rotate: a new secret is generated and sent. */
  rotate?: number;
  /** `command:` sinks only: run the command through the system shell. */
  shell?: boolean;
  /** KEY=VALUE sinks: the names of the two lines (default `<NAME>_CLIENT_ID` / `<NAME>_CLIENT_SECRET`). */
  keys?: SinkKeys;
}

/** Application spec. */
export interface ApplicationSpec {
  /** catalog authMethods name; default clientCredentials. */
  authMethod?: string;
  /** catalog loginTypes name; default agent. */
  loginType?: string;
  /** Agent name (reference) the application logs in as. */
  loginAs?: string;
  scopes: string[];
  active?: boolean;
  secret?: SecretSpec;
}

/** Props of an Application construct. */
export type ApplicationProps = ObjectProps<ApplicationSpec>;

/** Default authentication method and login type when the spec omits them. */
export const APPLICATION_DEFAULTS = { authMethod: 'clientCredentials', loginType: 'agent' } as const;

/** An API application. */
export class Application extends HaloObject<ApplicationSpec> {
  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, applicationKind, id, props);
  }

  /** Grants one more scope. */
  addScope(scope: string): this {
    return this.addOnce((this.spec.scopes ??= []), scope);
  }
}

/** Scopes against the catalog: known-invalid ones (read:actions...) with the reason, unknown ones with a suggestion. */
function checkScopes(spec: ApplicationSpec, c: Checker): void {
  // Whoever built it, an application without a scope can do nothing (the schema says so for YAML too).
  if (!Array.isArray(spec.scopes) || spec.scopes.length === 0) return c.error('scopes', 'an application needs at least one scope');
  spec.scopes.forEach((scope, i) => {
    const at = `scopes.${i}`;
    const invalid = Object.hasOwn(c.catalog.invalidScopes, scope) ? c.catalog.invalidScopes[scope] : undefined;
    if (invalid) return c.error(at, `scope '${scope}' does not exist in Halo: ${invalid.reason}`);
    if (!Object.hasOwn(c.catalog.scopes, scope)) return c.error(at, `unknown scope '${scope}'${suggestion(scope, Object.keys(c.catalog.scopes))}`);
    c.use(`scopes.${scope}`);
  });
}

/** What the sink says beyond its syntax (the schema's): shell use, key names, a rotate counter with nowhere to keep the secret. */
function checkSecret(spec: ApplicationSpec, c: Checker, name: string): void {
  const sec = spec.secret;
  if (sec === undefined || typeof sec.sink !== 'string') return;
  let scheme: string;
  try {
    // The folder does not matter here: only the shape of the sink is checked.
    scheme = parseSink({ sink: sec.sink, ...(typeof sec.shell === 'boolean' ? { shell: sec.shell } : {}) }, '.').scheme;
  } catch (e) {
    c.error(sec.shell !== undefined && /secret\.shell/.test((e as Error).message) ? 'secret.shell' : 'secret.sink', `secret.sink: ${(e as Error).message}`);
    return;
  }
  if (scheme === 'none') {
    if (sec.rotate !== undefined) c.error('secret.rotate', 'secret.rotate needs a sink that keeps the secret (secret.sink is none)');
    return;
  }
  const keyed = scheme === 'env-file' || (scheme === 'file' && !sec.sink.trim().endsWith('.json'));
  if (sec.keys !== undefined && !keyed) c.error('secret.keys', 'secret.keys applies to env-file: sinks and file: sinks that are not .json');
  if (keyed) for (const p of envKeyProblems(name, sec.keys)) c.error(p.path, p.message);
  c.use('application.rotateCounterField');
}

/**
 * What creating an application from this spec needs beyond an update of a live one: an agent to log
 * in as when the login type (default agent) is agent. Plan refuses such a create at the spec's position.
 */
export function newApplicationProblems(spec: ApplicationSpec): SpecProblem[] {
  if ((spec.loginType ?? APPLICATION_DEFAULTS.loginType) !== 'agent' || spec.loginAs !== undefined) return [];
  return [{ path: spec.loginType !== undefined ? 'loginType' : '', message: "a new application with loginType 'agent' needs loginAs (the agent to log in as); an existing one may leave it out" }];
}

/**
 * The Application kind (/api/Application, NHD_Identity_Application, string ids, named by
 * `displayName`). Scopes are `[{name}]`, the auth method a `grant_type` string, the login type
 * `loginentity` (int) with `loginas_agent_id` (halo-enums.md §3, codes from the catalog). The
 * secret is hand-written (src/kinds/application.ts): only its rotate counter is compared.
 */
export const applicationKind = declareKind(Application, {
  kind: 'Application',
  dependsOn: ['Agent'],
  fields: {
    authMethod: choice('grant_type', 'authMethods', 'authentication method', { createDefault: APPLICATION_DEFAULTS.authMethod }),
    loginType: choice('loginentity', 'loginTypes', 'login type', { createDefault: APPLICATION_DEFAULTS.loginType }),
    loginAs: ref('Agent', 'loginas_agent_id', { by: 'id', nameField: 'loginas_agent_name', unresolved: 'id', relation: 'logs in as' }),
    scopes: namedList('scopes', 'name', { required: true }),
    active: flag('inactive', { negate: true }),
    secret: custom<ApplicationSpec>({ export: 'never' }),
  },
  // A spec may be partial (only the fields given are compared): loginAs is needed only to create one (newApplicationProblems).
  check(spec, c, object) {
    checkScopes(spec, c);
    checkSecret(spec, c, object.name);
  },
  secretSink: (spec) => spec.secret?.sink,
  // A declared login agent that is not API-only (a live, undeclared one is the handler's plan warning).
  referenceWarning: (ref, target, what) =>
    ref.path === 'loginAs' && target.apiOnly !== true
      ? `logs in as ${what}, which is not API-only (set apiOnly: true: a normal agent uses a licence and can log in interactively)`
      : undefined,
});
