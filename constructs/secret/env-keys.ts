/**
 * KEY=VALUE sinks (`env-file:PATH`, and `file:PATH` not ending in .json): the keys are named after
 * the application (`Moovila` -> MOOVILA_CLIENT_ID / MOOVILA_CLIENT_SECRET) unless `secret.keys`
 * names them, and are never HALO_CLIENT_ID / HALO_CLIENT_SECRET: those are halo-iac's own login,
 * and sourcing a sink must not change who halo-iac logs in as.
 *
 * Migration from earlier versions, which wrote HALO_CLIENT_ID / HALO_CLIENT_SECRET into the sink:
 * when the file's HALO_CLIENT_ID is this application's client id, both lines are this sink's own
 * old content and are replaced by the new keys; otherwise they are someone else's (the user's own
 * login kept in the same file) and are left alone, with a warning.
 */

/** halo-iac's own login variables (README "Secrets"): no sink writes them. */
export const LOGIN_KEYS = ['HALO_CLIENT_ID', 'HALO_CLIENT_SECRET'] as const;

/** A shell variable name. */
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `secret.keys`: names of the two lines a KEY=VALUE sink writes. */
export interface SinkKeys {
  clientId?: string;
  clientSecret?: string;
}

/** The key prefix from an application name: upper case, every run of non-alphanumerics one `_`. */
export function keyPrefix(application: string): string {
  const ascii = application.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const base = ascii.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'APPLICATION';
  return /^[0-9]/.test(base) ? `_${base}` : base;
}

/** The two key names a KEY=VALUE sink writes for `application`. */
export function envKeys(application: string, keys: SinkKeys = {}): { clientId: string; clientSecret: string } {
  const prefix = keyPrefix(application);
  return { clientId: keys.clientId ?? `${prefix}_CLIENT_ID`, clientSecret: keys.clientSecret ?? `${prefix}_CLIENT_SECRET` };
}

function isLoginKey(key: string): boolean {
  return (LOGIN_KEYS as readonly string[]).includes(key.toUpperCase());
}

/** Problems with the key names of a KEY=VALUE sink, at their spec path (validate reports them). */
export function envKeyProblems(application: string, keys: SinkKeys | undefined): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const field of ['clientId', 'clientSecret'] as const) {
    const key = keys?.[field];
    if (key === undefined) continue;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) out.push({ path: `secret.keys.${field}`, message: `secret.keys.${field} must be a variable name (letters, digits and _, not starting with a digit)` });
    else if (isLoginKey(key)) out.push({ path: `secret.keys.${field}`, message: `secret.keys.${field}: ${key} is halo-iac's own login; sourcing the sink would change who halo-iac logs in as. Choose another name` });
  }
  if (out.length > 0) return out;
  const names = envKeys(application, keys);
  for (const field of ['clientId', 'clientSecret'] as const) {
    if (keys?.[field] === undefined && isLoginKey(names[field])) {
      out.push({ path: 'secret.sink', message: `the sink would write ${names[field]} (from the application's name), which is halo-iac's own login: set secret.keys.${field} to another name` });
    }
  }
  if (names.clientId === names.clientSecret) out.push({ path: 'secret.keys', message: 'secret.keys.clientId and secret.keys.clientSecret must differ' });
  return out;
}

/** `KEY=value` or `export KEY=value`; the value unquoted. */
function assignment(line: string): { key: string; value: string } | undefined {
  const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
  if (!m) return undefined;
  return { key: m[1] as string, value: (m[2] as string).replace(/^(["'])(.*)\1$/, '$2') };
}

/** The new text of a KEY=VALUE sink, and what the migration found. */
export interface EnvFileText {
  text: string;
  /** Old HALO_CLIENT_ID / HALO_CLIENT_SECRET lines of this application were replaced. */
  migrated: boolean;
  /** HALO_CLIENT_ID / HALO_CLIENT_SECRET lines that are not this application's were left in the file. */
  foreignLogin: boolean;
}

/**
 * `existing` with the two keys set (other lines kept, in order); the client id line is left out
 * while Halo has not assigned one. See the module comment for old HALO_* lines.
 */
export function envFileText(existing: string, names: { clientId: string; clientSecret: string }, clientId: string | undefined, secret: string): EnvFileText {
  const lines = existing.split('\n').filter((l) => l.trim() !== '');
  const oldId = lines.map(assignment).find((a) => a?.key === 'HALO_CLIENT_ID')?.value;
  const own = clientId !== undefined && oldId === clientId;
  let migrated = false;
  let foreignLogin = false;
  const kept = lines.filter((l) => {
    const a = assignment(l);
    if (!a) return true;
    if (a.key === names.clientId || a.key === names.clientSecret) return false;
    if (!isLoginKey(a.key)) return true;
    if (own) migrated = true;
    else foreignLogin = true;
    return !own;
  });
  const id = clientId === undefined ? [] : [`${names.clientId}=${clientId}`];
  return { text: [...kept, ...id, `${names.clientSecret}=${secret}`, ''].join('\n'), migrated, foreignLogin };
}
