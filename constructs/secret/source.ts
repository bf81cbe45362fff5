/**
 * What a `secretFrom` says: where a write-only secret halo-iac SENDS (not generates) is read, at
 * plan and apply time, never earlier (the manifest holds only the reference, so the value cannot
 * reach a desired state, a plan, a preview or a log). Only `env:NAME` exists: the variable NAME of
 * the environment halo-iac runs in (the CI secret store fills it). The schemas carry the same
 * pattern (`secretFrom` in the kind schemas); one parser for plan and apply.
 */

/** `env:NAME`, NAME a portable environment variable name. */
export const SECRET_SOURCE_PATTERN = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** A parsed secret source. */
export interface SecretSource {
  env: string;
}

/** Every `secretFrom` string at any depth of a spec. */
export function secretSourcesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) secretSourcesIn(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'secretFrom' && typeof v === 'string') out.push(v);
      else secretSourcesIn(v, out);
    }
  }
  return out;
}

/** The values the `secretFrom` sources of these specs hold in `env` (the set ones). */
export function secretSourceValues(specs: Iterable<unknown>, env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const spec of specs) {
    for (const from of secretSourcesIn(spec)) {
      const name = parseSecretSource(from)?.env;
      const value = name === undefined ? undefined : env[name];
      if (value !== undefined && value !== '') out.add(value);
    }
  }
  return [...out];
}

/** The source `text` names, or undefined when it is not one (the schema has refused it already). */
export function parseSecretSource(text: string): SecretSource | undefined {
  const m = SECRET_SOURCE_PATTERN.exec(text.trim());
  return m?.[1] === undefined ? undefined : { env: m[1] };
}

/** A source in the words of messages: `environment variable HOOK_PASSWORD`. */
export function describeSecretSource(source: SecretSource): string {
  return `environment variable ${source.env}`;
}

/** The value a source holds in `env`, or undefined when it is unset or empty. */
export function readSecretSource(source: SecretSource, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[source.env];
  return v === undefined || v === '' ? undefined : v;
}
