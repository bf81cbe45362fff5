/**
 * One Terraform stack per environment: a `null_resource` per desired object whose triggers change exactly
 * when the object's desired spec changes, ordered by the same reference graph as apply (design.md §7).
 * This lets Terraform-orchestrated teams see halo-iac changes in their own plans.
 */
import { createHash } from 'node:crypto';
import { resource, provider } from '@cdktf/provider-null';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { DesiredObject, DesiredState } from '../model/desired.js';

/** JSON with sorted keys, so equal specs always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the canonical JSON of a spec. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/**
 * A stable Terraform logical id from an address: `agent/Moovila API` -> `agent_Moovila_API_<hash>`.
 * The short hash is added only when sanitising changed the name, so two names differing only in
 * punctuation never collide and a plain name stays readable.
 */
export function logicalIdOf(address: string): string {
  const [kind = '', ...rest] = address.split('/');
  const name = rest.join('/');
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
  const suffix = safe === name ? '' : `_${createHash('sha256').update(address).digest('hex').slice(0, 8)}`;
  return `${kind}_${safe}${suffix}`;
}

/** Directory-safe stack name for an environment. */
export function stackNameOf(environment: string): string {
  return environment.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The stack of one environment. */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, state: DesiredState) {
    const name = stackNameOf(state.environment.name);
    super(scope, name);
    new provider.NullProvider(this, 'null');
    // Relative path: resolved in the stack's working directory, so the out dir can move.
    new LocalBackend(this, { path: `terraform.${name}.tfstate` });
    const byAddress = new Map<string, resource.Resource>();
    // Objects are in dependency order, so every dependency exists before its dependents.
    for (const o of state.objects.filter((x) => !x.absent)) byAddress.set(o.address, this.nullResource(o, byAddress));
  }

  private nullResource(o: DesiredObject, created: Map<string, resource.Resource>): resource.Resource {
    const dependsOn = o.dependsOn.map((a) => created.get(a)).filter((r): r is resource.Resource => r !== undefined);
    const r = new resource.Resource(this, logicalIdOf(o.address), {
      triggers: { kind: o.kind, name: o.name, spec_hash: specHash(o.spec) },
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
    r.overrideLogicalId(logicalIdOf(o.address));
    return r;
  }
}
