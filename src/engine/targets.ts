/**
 * `--target ADDR`: which declared objects a plan is limited to: the targets and, as in Terraform,
 * every object they depend on (transitively), so a targeted plan never saves a reference to an
 * object that apply would not create. An address that matches nothing is an error with a
 * did-you-mean from this environment's addresses, found before any network call (the CLI checks
 * it right after loading; plan() refuses it too, for callers of the engine).
 */
import type { DesiredState } from '../model/desired.js';
import type { ResourceChange } from '../model/plan.js';
import { error, type Diagnostic } from '../model/diagnostics.js';
import { naturalKey } from '../model/kinds.js';
import { closest } from '../model/suggest.js';

/** True when `address` is one of `targets` (compared with the one name rule, naturalKey). */
export function matchesTarget(address: string, targets: readonly string[]): boolean {
  return targets.some((t) => naturalKey(t) === naturalKey(address));
}

/** One error per target that names no declared object, with the closest address when one is near. */
export function unknownTargets(state: DesiredState, targets: readonly string[]): Diagnostic[] {
  const addresses = state.objects.map((o) => o.address);
  return targets
    .filter((t) => !addresses.some((a) => matchesTarget(a, [t])))
    .map((t) => {
      const near = closest(t.trim(), addresses);
      const hint = near !== undefined ? `did you mean '${near}'?` : `addresses look like ${addresses[0] ?? 'agent/Moovila API'}`;
      return error(`--target ${t} matches no declared object (${hint})`);
    });
}

/** The addresses a targeted plan covers, and why each dependency not itself targeted is in it. */
export interface TargetScope {
  addresses: Set<string>;
  /** Dependency address -> the address (in the scope) that depends on it, in the order found. */
  includedFor: Map<string, string>;
}

/**
 * The targeted addresses plus what they depend on, following `depends_on` of the plan's entries
 * (through entries without changes too: a no-op team's new department is still needed).
 */
export function targetScope(state: DesiredState, changes: readonly ResourceChange[], targets: readonly string[]): TargetScope {
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const addresses = new Set(state.objects.map((o) => o.address).filter((a) => matchesTarget(a, targets)));
  const includedFor = new Map<string, string>();
  const queue = [...addresses];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const dep of byAddress.get(from)?.depends_on ?? []) {
      if (addresses.has(dep)) continue;
      addresses.add(dep);
      includedFor.set(dep, from);
      queue.push(dep);
    }
  }
  return { addresses, includedFor };
}
