/**
 * A parsed, schema-valid manifest document with positions: the hand-off from the YAML loader
 * (src/manifest) to the construct tree (constructs/), which expands blueprints, checks
 * references and orders objects.
 */
import type { SourcePosition } from '../errors.js';
import type { KindName } from './types.js';

export interface ManifestDocument {
  kind: KindName | 'Blueprint';
  name: string;
  /** Variables already substituted. For Blueprint: `{use, with}`. */
  spec: Record<string, unknown>;
  previously: string[];
  absent: boolean;
  protect: boolean;
  /** Position of the document's `name` value. */
  source: SourcePosition;
  /** Positions of spec values by dotted path relative to spec (`scopes.1`, `teams.members.0`). */
  fieldSources: Record<string, SourcePosition>;
}
