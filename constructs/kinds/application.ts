/**
 * Application: an API application (/api/Application, NHD_Identity_Application, string ids) logging in as an
 * agent with a set of scopes. Scopes are checked against catalog/scopes; known-invalid ones (read:actions...)
 * are errors with the reason. Scopes grow through addScope.
 */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import { suggestion, type Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';
import { parseSink, SINK_PATTERN } from '../secret/sink.js';
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

/** An application refers to the agent it logs in as. */
export function applicationReferences(spec: ApplicationSpec): Reference[] {
  return typeof spec.loginAs === 'string' && spec.loginAs !== '' ? [{ kind: 'Agent', name: spec.loginAs, path: 'loginAs' }] : [];
}

/** Props of an Application construct. */
export type ApplicationProps = ObjectProps<ApplicationSpec>;

/** Default authentication method and login type when the spec omits them. */
export const APPLICATION_DEFAULTS = { authMethod: 'clientCredentials', loginType: 'agent' } as const;

/** An API application. */
export class Application extends HaloObject<ApplicationSpec> {
  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, 'Application', id, props);
  }

  /** Grants one more scope. */
  addScope(scope: string): this {
    const scopes = (this.spec.scopes ??= []);
    if (!scopes.includes(scope)) scopes.push(scope);
    this.changed();
    return this;
  }

  protected checkSpec(c: Checker): void {
    const s = this.spec;
    c.lookup('authMethods', s.authMethod ?? APPLICATION_DEFAULTS.authMethod, 'authMethod', 'authentication method');
    const loginType = s.loginType ?? APPLICATION_DEFAULTS.loginType;
    c.lookup('loginTypes', loginType, 'loginType', 'login type');
    if (s.loginAs !== undefined && (typeof s.loginAs !== 'string' || s.loginAs.trim() === '')) c.error('loginAs', 'loginAs must be an agent name');
    if (loginType === 'agent' && s.loginAs === undefined) c.error('', "loginType 'agent' needs loginAs (the agent to log in as)");
    c.boolean(s.active, 'active');
    this.checkScopes(c);
    this.checkSecret(c);
  }

  private checkScopes(c: Checker): void {
    const scopes = c.stringList(this.spec.scopes, 'scopes');
    if (this.spec.scopes === undefined || scopes.length === 0) return c.error('scopes', 'an application needs at least one scope');
    const seen = new Set<string>();
    scopes.forEach((scope, i) => {
      const at = `scopes.${i}`;
      if (seen.has(scope)) c.warn(at, `scope '${scope}' is listed twice`);
      seen.add(scope);
      const invalid = Object.hasOwn(c.catalog.invalidScopes, scope) ? c.catalog.invalidScopes[scope] : undefined;
      if (invalid) return c.error(at, `scope '${scope}' does not exist in Halo: ${invalid.reason}`);
      if (!Object.hasOwn(c.catalog.scopes, scope))
        return c.error(at, `unknown scope '${scope}'${suggestion(scope, Object.keys(c.catalog.scopes))}`);
      c.use(`scopes.${scope}`);
    });
  }

  private checkSecret(c: Checker): void {
    const sec = this.spec.secret;
    if (sec === undefined) return;
    if (typeof sec.sink !== 'string' || !SINK_PATTERN.test(sec.sink.trim())) {
      c.error('secret.sink', "secret.sink must be 'file:PATH', 'env-file:PATH', 'command:CMD' or 'none'");
      return;
    }
    if (sec.rotate !== undefined && (!Number.isInteger(sec.rotate) || sec.rotate < 0))
      c.error('secret.rotate', 'secret.rotate must be a whole number (bump it to rotate)');
    c.boolean(sec.shell, 'secret.shell');
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
    if (keyed) for (const p of envKeyProblems(this.name, sec.keys)) c.error(p.path, p.message);
    c.use('application.rotateCounterField');
  }

  references(): Reference[] {
    return applicationReferences(this.spec);
  }
}
