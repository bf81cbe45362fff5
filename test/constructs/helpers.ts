/** Inline fixtures for the construct tests: documents with positions, an environment config. */
import type { SourcePosition } from '../../src/model/diagnostics.js';
import type { ManifestDocument } from '../../src/model/desired.js';
import type { EnvironmentConfig } from '../../src/model/desired.js';

export const FILE = '/envs/test/objects.yaml';

export function env(name = 'test'): EnvironmentConfig {
  return {
    name,
    file: `/envs/${name}/environment.yaml`,
    connection: { url: 'https://halo.example', scope: 'all' },
    policy: { allowDelete: false, maxDeletes: 5 },
    variables: {},
  };
}

export const pos = (line: number, column = 7): SourcePosition => ({ file: FILE, line, column });

/** A document at `line`, with optional positions for spec paths. */
export function doc(
  kind: ManifestDocument['kind'],
  name: string,
  spec: Record<string, unknown>,
  line = 1,
  fieldSources: Record<string, SourcePosition> = {},
  extra: Partial<Pick<ManifestDocument, 'absent' | 'protect' | 'previously'>> = {},
): ManifestDocument {
  return { kind, name, spec, previously: [], absent: false, protect: false, source: pos(line), fieldSources, ...extra };
}
