/**
 * `--target ADDR`: which declared objects a plan is limited to. An address that matches nothing is
 * an error with a did-you-mean from this environment's addresses, found before any network call
 * (the CLI checks it right after loading; plan() refuses it too, for callers of the engine).
 */
import type { DesiredState } from '../model/desired.js';
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
