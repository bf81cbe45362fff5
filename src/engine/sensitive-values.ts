/**
 * Values from the environment are sensitive values (Terraform's rule): a field whose manifest
 * value took `${env:..}` (directly or through a variable) is shown as `(sensitive value)` in every
 * plan view and saved plan, on both sides, in its field changes and in the request preview, and
 * its path is listed in `before_sensitive`/`after_sensitive`. Apply never reads these values from
 * the plan: it builds its requests from the manifests, resolving `${env:..}` again (request.ts).
 */
import { SENSITIVE_VALUE } from '../kinds/types.js';
import { mapStrings } from '../model/data.js';
import type { Canonical, FieldChange, PlanDiagnostic, ResourceChange } from '../model/plan.js';

/**
 * Values shorter than this are matched only as a whole string, never inside one (they would
 * mask unrelated text); each field's whole substituted value is in the list too (variables.ts).
 */
const MIN_CONTAINED = 4;

/** Masks env values in strings; `hit` is set when one was. */
class Masker {
  hit = false;
  private readonly lowered: string[];

  constructor(values: readonly string[]) {
    // Longest first, so a value holding a shorter one is replaced whole.
    this.lowered = [...new Set(values.filter((v) => v !== '').map((v) => v.toLowerCase()))].sort((a, b) => b.length - a.length);
  }

  /** True when the string holds an env value (compared case-insensitively: kinds may lower-case an email). */
  holds(text: string): boolean {
    const lower = text.toLowerCase();
    return this.lowered.some((v) => (v.length >= MIN_CONTAINED ? lower.includes(v) : lower === v));
  }

  /** A copy of `value` with every string holding an env value replaced by SENSITIVE_VALUE. */
  value<T>(value: T): T {
    return mapStrings(value, (s) => {
      if (!this.holds(s)) return s;
      this.hit = true;
      return SENSITIVE_VALUE;
    });
  }

  /** Free text with every env value replaced (case-insensitively) by SENSITIVE_VALUE. */
  text(text: string): string {
    let out = text;
    for (const v of this.lowered) {
      if (v.length < MIN_CONTAINED) continue;
      let i = out.toLowerCase().indexOf(v);
      while (i >= 0) {
        out = `${out.slice(0, i)}${SENSITIVE_VALUE}${out.slice(i + v.length)}`;
        i = out.toLowerCase().indexOf(v, i + SENSITIVE_VALUE.length);
      }
    }
    return out;
  }
}

/** Dotted paths (down to the first list) of the canonical's fields that hold an env value. */
function sensitivePaths(c: Canonical | null, m: Masker, prefix = ''): string[] {
  if (!c) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...sensitivePaths(v as Canonical, m, path));
    else if (JSON.stringify(v) !== JSON.stringify(m.value(v))) out.push(path);
  }
  return out;
}

function maskField(f: FieldChange, m: Masker): FieldChange {
  m.hit = false;
  const masked: FieldChange = { ...f, before: m.value(f.before), after: m.value(f.after) };
  if (f.added) masked.added = m.value(f.added);
  if (f.removed) masked.removed = m.value(f.removed);
  return m.hit ? { ...masked, sensitive: true } : f;
}

/** The change with the object's env values masked (unchanged when it holds none). */
export function maskEnvValues(change: ResourceChange, values: readonly string[] | undefined): ResourceChange {
  if (!values || values.length === 0) return change;
  const m = new Masker(values);
  const { before, after, before_sensitive, after_sensitive } = change.change;
  const merged = (own: string[], found: string[]) => [...new Set([...own, ...found])].sort();
  const out: ResourceChange = {
    ...change,
    change: {
      ...change.change,
      before: m.value(before),
      after: m.value(after),
      before_sensitive: merged(before_sensitive, sensitivePaths(before, m)),
      after_sensitive: merged(after_sensitive, sensitivePaths(after, m)),
    },
    field_changes: change.field_changes.map((f) => maskField(f, m)),
  };
  if (change.request?.body !== undefined) out.request = { ...change.request, body: m.value(change.request.body) };
  if (change.risk_reasons) out.risk_reasons = change.risk_reasons.map((r) => ({ ...r, reason: m.text(r.reason) }));
  if (change.dependents) out.dependents = change.dependents.map((d) => ({ ...d, reason: m.text(d.reason) }));
  return out;
}

/** Diagnostics of a plan with every env value of the environment's objects masked in their messages. */
export function maskEnvMessages(entries: readonly PlanDiagnostic[], values: readonly string[]): PlanDiagnostic[] {
  if (values.length === 0) return [...entries];
  const m = new Masker(values);
  return entries.map((e) => ({ ...e, message: m.text(e.message) }));
}
