/**
 * The `kind: Environment` document: connection, include globs, variables and policy
 * (design.md §2). Variables are resolved first (they may use `${env:..}` and earlier variables),
 * then the rest of the document; unset env vars under `connection` only warn in validate mode
 * so `halo-iac validate` needs no secrets.
 */
import { warning, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import { append } from '../model/data.js';
import { nameDiagnostics } from './names.js';
import { parseRateLimit, parseTimeout, type WrittenValue } from './connection-values.js';
import type { EnvironmentConfig, UnmanagedPolicy } from '../model/desired.js';
import { documentValidators } from './schema-registry.js';
import { schemaDiagnostics } from './schema-errors.js';
import { substitute, type Substituted, type SubstitutionContext } from './variables.js';
import type { YamlDocument } from './yaml-tree.js';

/** An include glob after substitution, with where it was written. */
export interface IncludePattern {
  pattern: string;
  source: SourcePosition;
}

/** Result of reading the Environment document; `config` is undefined when it has errors. */
export interface EnvironmentRead {
  config?: EnvironmentConfig;
  variables: Record<string, string>;
  /** Variables declared but unresolvable (their uses are not reported again). */
  failedVariables: Set<string>;
  /** Variables whose value came from the process environment. */
  sensitiveVariables: Set<string>;
  includes: IncludePattern[];
  /** Where `connection.scope` is written (absent: the default `all`), for the catalog check. */
  scopeWritten?: WrittenValue;
  /** `allowEmpty: true`: an environment that declares no object is not an error. */
  allowEmpty: boolean;
  /** Where "declares no objects" is reported: the `include` key, else the environment's name. */
  emptyAt: SourcePosition;
  diagnostics: Diagnostic[];
}

/** Default policy values (design.md §2). */
export const DEFAULT_POLICY = { allowDelete: false, maxDeletes: 5 } as const;

/** Reads the Environment document of `doc` (already known to have `kind: Environment`). */
export function readEnvironment(
  doc: YamlDocument,
  env: SubstitutionContext['env'],
  mode: SubstitutionContext['mode'],
  scopes: readonly string[],
): EnvironmentRead {
  const diagnostics: Diagnostic[] = [];
  const failedVariables = new Set<string>();
  const sensitiveVariables = new Set<string>();
  const variables = resolveVariables(doc, { env, mode, failed: failedVariables, sensitive: sensitiveVariables }, diagnostics);
  const ctx: SubstitutionContext = { variables, env, mode, failed: failedVariables, sensitive: sensitiveVariables };
  const sub = substitute(doc, ctx, {
    lenient: (p) => p === '/connection' || p.startsWith('/connection/'),
    skip: (p) => p === '/variables',
  });
  append(diagnostics, sub.diagnostics);
  const validate = documentValidators(scopes).Environment;
  const value = sub.value as Record<string, unknown>;
  const schemaOk = validate(value);
  if (!schemaOk) {
    append(diagnostics, schemaDiagnostics(validate.errors ?? [], { doc, catalog: { scopes: {}, invalidScopes: {} }, unresolved: sub.unresolved, fromEnv: sub.fromEnv }));
  } else {
    append(diagnostics, nameDiagnostics('Environment', String(value.name), doc.positions.get('/name')?.value ?? doc.start, undefined));
  }
  append(diagnostics, literalSecretWarnings(doc, value, sub));
  const includes: IncludePattern[] = [];
  const rawIncludes = Array.isArray(value.include) ? value.include : [];
  rawIncludes.forEach((p, i) => {
    const path = `/include/${i}`;
    if (typeof p === 'string' && !sub.unresolved.has(path)) {
      includes.push({ pattern: p, source: doc.positions.get(path)?.value ?? doc.start });
    }
  });
  const empty = { allowEmpty: value.allowEmpty === true, emptyAt: doc.positions.get('/include')?.key ?? doc.positions.get('/name')?.value ?? doc.start };
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  if (hasErrors) return { variables, failedVariables, sensitiveVariables, includes, ...empty, diagnostics };
  const connection = (value.connection ?? {}) as Record<string, unknown>;
  const policy = (value.policy ?? {}) as Record<string, unknown>;
  const resolved = (key: string): string | undefined =>
    sub.unresolved.has(`/connection/${key}`) ? undefined : (connection[key] as string | undefined);
  const written = (key: string): WrittenValue | undefined =>
    resolved(key) === undefined
      ? undefined
      : { at: doc.positions.get(`/connection/${key}`)?.value ?? doc.start, fromEnv: sub.fromEnv.has(`/connection/${key}`) };
  const rateLimitText = resolved('rateLimit');
  const rateLimit = rateLimitText !== undefined ? parseRateLimit(rateLimitText, written('rateLimit')!) : undefined;
  const timeoutValue = connection.timeout as string | number | undefined;
  const timeout = timeoutValue !== undefined && !sub.unresolved.has('/connection/timeout') ? parseTimeout(timeoutValue, written('timeout')!) : undefined;
  const valueErrors = [...(rateLimit?.diagnostics ?? []), ...(timeout?.diagnostics ?? [])];
  if (valueErrors.length > 0) {
    append(diagnostics, valueErrors);
    return { variables, failedVariables, sensitiveVariables, includes, ...empty, diagnostics };
  }
  const config: EnvironmentConfig = {
    name: String(value.name),
    file: doc.absolute,
    connection: {
      // An unset ${env:..} in the URL stays as written: validate only warns about it, plan refuses.
      url: String(connection.url),
      ...(connection.authUrl !== undefined ? { authUrl: String(connection.authUrl) } : {}),
      ...(connection.tenant !== undefined ? { tenant: String(connection.tenant) } : {}),
      clientId: resolved('clientId'),
      clientSecret: resolved('clientSecret'),
      scope: typeof connection.scope === 'string' ? connection.scope : 'all',
      ...(connection.insecure !== undefined ? { insecure: connection.insecure === true } : {}),
      ...(rateLimit?.rateLimit !== undefined ? { rateLimit: rateLimit.rateLimit } : {}),
      ...(timeout?.timeoutMs !== undefined ? { timeoutMs: timeout.timeoutMs } : {}),
    },
    policy: {
      allowDelete: policy.allowDelete === true,
      maxDeletes: typeof policy.maxDeletes === 'number' ? policy.maxDeletes : DEFAULT_POLICY.maxDeletes,
      ...(typeof policy.catalog === 'string' ? { catalog: policy.catalog } : {}),
      ...(policy.requireSecretSink === true ? { requireSecretSink: true } : {}),
      // The schema allows ignore | report | error only.
      ...(typeof policy.unmanaged === 'string' ? { unmanaged: policy.unmanaged as UnmanagedPolicy } : {}),
    },
    variables,
    source: doc.positions.get('/name')?.value ?? doc.start,
  };
  const scopeWritten = typeof connection.scope === 'string' ? written('scope') : undefined;
  return { config, variables, failedVariables, sensitiveVariables, includes, ...empty, ...(scopeWritten ? { scopeWritten } : {}), diagnostics };
}

/**
 * A `connection.clientSecret` written in the file itself (not from `${env:..}`) is a secret in a
 * file kept in Git: accepted (a local experiment), but warned about at its position, never quoted.
 */
function literalSecretWarnings(doc: YamlDocument, value: Record<string, unknown>, sub: Substituted): Diagnostic[] {
  const connection = value.connection;
  if (connection === null || typeof connection !== 'object') return [];
  const secret = (connection as Record<string, unknown>).clientSecret;
  const path = '/connection/clientSecret';
  if (typeof secret !== 'string' || secret === '' || sub.fromEnv.has(path) || sub.unresolved.has(path)) return [];
  return [warning('connection.clientSecret: a secret in a file in Git; use ${env:HALO_CLIENT_SECRET}', doc.positions.get(path)?.value ?? doc.start)];
}

/** `variables:` in order; each may use `${env:..}` and the variables defined before it. */
function resolveVariables(
  doc: YamlDocument,
  ctx: { env: SubstitutionContext['env']; mode: SubstitutionContext['mode']; failed: Set<string>; sensitive: Set<string> },
  diagnostics: Diagnostic[],
): Record<string, string> {
  const raw = (doc.value as Record<string, unknown>).variables;
  const variables: Record<string, string> = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return variables;
  for (const [name, v] of Object.entries(raw)) {
    if (typeof v === 'number' || typeof v === 'boolean') variables[name] = String(v);
    if (typeof v !== 'string') continue;
    const path = `/variables/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const sub = substitute(doc, { ...ctx, variables }, { root: path });
    diagnostics.push(...sub.diagnostics);
    if (sub.unresolved.size === 0) variables[name] = sub.value as string;
    else ctx.failed.add(name);
    if (sub.fromEnv.size > 0) ctx.sensitive.add(name);
  }
  return variables;
}
