/**
 * Schema errors quote the offending value, except where a secret may stand: a value from
 * ${env:..}, or one a `writeOnly` schema holds (a secret pasted where its source belongs).
 */
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { schemaDiagnostics } from '../../src/manifest/schema-errors.js';
import type { YamlDocument } from '../../src/manifest/yaml-types.js';

const at = { file: 'hooks.yaml', line: 7, column: 17 };
const doc: YamlDocument = { file: 'hooks.yaml', absolute: '/x/hooks.yaml', value: {}, positions: new Map([['/spec/secretFrom', { value: at }]]), start: at, broken: false };

function patternError(parentSchema: Record<string, unknown>): ErrorObject {
  return { keyword: 'pattern', instancePath: '/spec/secretFrom', schemaPath: '#/properties/secretFrom/pattern', params: { pattern: '^env:[A-Z]+$' }, data: 'hunter2-pasted', parentSchema };
}

const message = (e: ErrorObject) => schemaDiagnostics([e], { doc, catalog: { scopes: {}, invalidScopes: {} }, unresolved: new Set() }).map(formatDiagnostic);

describe('schema error values', () => {
  it('are quoted for ordinary schemas', () => {
    expect(message(patternError({ type: 'string' }))).toEqual(["hooks.yaml:7:17: spec.secretFrom: 'hunter2-pasted' must be like ^env:[A-Z]+$"]);
  });

  it('are never shown for a writeOnly schema', () => {
    expect(message(patternError({ type: 'string', writeOnly: true }))).toEqual(['hooks.yaml:7:17: spec.secretFrom: the value (not shown) must be like ^env:[A-Z]+$']);
  });
});
