/**
 * The envelope every document shares: a mapping with `apiVersion: halo-iac/v1` and a known
 * `kind`. Checked before the schema so a typo in either gives one clear message instead of
 * a cascade of schema errors.
 */
import { error, type Diagnostic } from '../model/diagnostics.js';
import { MANIFEST_KINDS, type ManifestKind } from '../model/kinds.js';
import { didYouMean } from '../model/suggest.js';
import { typeOf } from './schema-errors.js';
import type { YamlDocument } from './yaml-tree.js';

/** The apiVersion this tool reads. */
export const API_VERSION = 'halo-iac/v1';

/** The document's kind when its envelope is usable, plus any envelope diagnostics. */
export interface HeaderCheck {
  kind?: ManifestKind;
  diagnostics: Diagnostic[];
}

/** Checks the document is a mapping with a supported apiVersion and a known kind. */
export function checkHeader(doc: YamlDocument): HeaderCheck {
  const v = doc.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { diagnostics: [error(`expected a mapping with apiVersion, kind and name, got ${typeOf(v)}`, doc.start)] };
  }
  const map = v as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const at = (key: string) => doc.positions.get(`/${key}`)?.value ?? doc.start;
  if (!('apiVersion' in map)) diagnostics.push(error(`missing required key 'apiVersion' (expected '${API_VERSION}')`, doc.start));
  else if (map.apiVersion !== API_VERSION) {
    diagnostics.push(error(`unsupported apiVersion '${String(map.apiVersion)}' (expected '${API_VERSION}')`, at('apiVersion')));
  }
  let kind: ManifestKind | undefined;
  if (!('kind' in map)) diagnostics.push(error(`missing required key 'kind'`, doc.start));
  else if (typeof map.kind === 'string' && (MANIFEST_KINDS as readonly string[]).includes(map.kind)) kind = map.kind as ManifestKind;
  else {
    const k = String(map.kind);
    const hint = didYouMean(k, MANIFEST_KINDS) || ` (one of: ${MANIFEST_KINDS.join(', ')})`;
    diagnostics.push(error(`unknown kind '${k}'${hint}`, at('kind')));
  }
  return { kind, diagnostics };
}
