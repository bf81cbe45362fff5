/**
 * `${var:name}` and `${env:NAME}` substitution in every string scalar (whole or part); `$${` is a
 * literal `${` (Terraform's escape). Diagnostics point at the scalar. Environment values never
 * appear in any message.
 */
import { error, warning, type Diagnostic } from '../model/diagnostics.js';
import { didYouMean } from '../model/suggest.js';
import { plainKeyed } from '../model/data.js';
import { pointerSegment, type YamlDocument } from './yaml-types.js';

/** Where a substitution happens decides how strict an unset `${env:..}` is. */
export interface SubstitutionContext {
  variables: Record<string, string>;
  env: Record<string, string | undefined>;
  /** validate: unset env vars inside `connection` warn; plan: they are errors. */
  mode: 'validate' | 'plan';
  /** Declared variables whose own value failed to resolve (already reported: no cascade). */
  failed?: ReadonlySet<string>;
  /** Variables whose value came from `${env:..}`: values substituted from them are never echoed. */
  sensitive?: ReadonlySet<string>;
}

/** Result of substituting one document (or subtree): a new value and the paths left unresolved. */
export interface Substituted {
  value: unknown;
  diagnostics: Diagnostic[];
  /** JSON pointers of strings that still hold an unresolved reference (schema checks skip them). */
  unresolved: Set<string>;
  /** JSON pointers of strings that took a value from `${env:..}`: never echoed in messages. */
  fromEnv: Set<string>;
  /**
   * The values substituted from `${env:..}` (directly or through a variable that holds one): plans
   * show the fields holding them as `(sensitive value)` (engine/sensitive-values.ts).
   */
  envValues: Set<string>;
}

/** `$${` (a literal `${`) or one `${...}` reference. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;

/** A string written back as a manifest value that substitution reads as itself: every `${` escaped as `$${`. */
export function escapeReferences(text: string): string {
  return text.replaceAll('${', () => '$${');
}

/**
 * Substitutes every string under `root` (a JSON pointer) of `doc`. `lenient` marks the subtree
 * where an unset env var is only a warning in validate mode (the Environment's `connection`).
 */
export function substitute(
  doc: YamlDocument,
  ctx: SubstitutionContext,
  options: { root?: string; lenient?: (path: string) => boolean; skip?: (path: string) => boolean } = {},
): Substituted {
  const diagnostics: Diagnostic[] = [];
  const unresolved = new Set<string>();
  const fromEnv = new Set<string>();
  const envValues = new Set<string>();
  // Recursion is bounded: every YAML value is at most limits.maxDepth deep (yaml-full.ts, yaml-plain.ts).
  // Unchanged subtrees are returned as they are, so a document without references is not copied.
  const walk = (value: unknown, path: string): unknown => {
    if (options.skip?.(path)) return value;
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      const pos = doc.positions.get(path)?.value ?? doc.start;
      let missing = false;
      const out = value.replace(REFERENCE, (whole, inner: string | undefined) => {
        if (inner === undefined) return '${';
        const m = /^(var|env):(.+)$/.exec(inner);
        if (!m) {
          diagnostics.push(error(`unknown substitution '${whole}': use \${var:NAME} or \${env:NAME}`, pos));
          missing = true;
          return whole;
        }
        const [, type, name] = m as unknown as [string, 'var' | 'env', string];
        if (type === 'var') {
          const v = ctx.variables[name];
          if (v !== undefined) {
            if (ctx.sensitive?.has(name)) {
              fromEnv.add(path);
              if (v !== '') envValues.add(v);
            }
            return v;
          }
          missing = true;
          if (ctx.failed?.has(name)) return whole;
          diagnostics.push(error(`unknown variable '${name}'${didYouMean(name, Object.keys(ctx.variables))}`, pos));
          missing = true;
          return whole;
        }
        const v = ctx.env[name];
        if (v !== undefined) {
          fromEnv.add(path);
          if (v !== '') envValues.add(v);
          return v;
        }
        const lenient = ctx.mode === 'validate' && (options.lenient?.(path) ?? false);
        diagnostics.push((lenient ? warning : error)(`\${env:${name}} is not set`, pos));
        missing = true;
        return whole;
      });
      if (missing) unresolved.add(path);
      // The whole value too: a short env value is matched only as the whole field (sensitive-values.ts).
      else if (fromEnv.has(path) && out !== '') envValues.add(out);
      return out;
    }
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = walk(value[i], `${path}/${i}`);
        if (v !== value[i]) (out ??= value.slice())[i] = v;
      }
      return out ?? value;
    }
    if (value !== null && typeof value === 'object') {
      let out: Record<string, unknown> | undefined;
      for (const [k, before] of Object.entries(value)) {
        const v = walk(before, `${path}/${pointerSegment(k)}`);
        if (v === before) continue;
        out ??= copyOf(value as Record<string, unknown>);
        plainKeyed(out, k, v);
      }
      return out ?? value;
    }
    return value;
  };
  const root = options.root ?? '';
  return { value: walk(valueAt(doc.value, root), root), diagnostics, unresolved, fromEnv, envValues };
}

/** A shallow copy of a mapping read from YAML, keeping a `__proto__` key an own key. */
function copyOf(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) plainKeyed(out, k, v);
  return out;
}

/** The value at a JSON pointer (undefined when absent). */
export function valueAt(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let cur: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
