/**
 * The simulator's field tables (src/simulator/schema/fields.generated.ts) are generated from the
 * vendored spec for exactly the schemas its kinds declare (detail, list and nested ones).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldsGeneratedPath, fieldsGeneratedText, GENERATE_COMMAND, servedSchemas } from '../../src/simulator/schema/codegen.js';
import { schemaFields } from '../../src/simulator/schema/fields.generated.js';
import { kinds } from '../../src/simulator/kinds/index.js';

describe('simulator field tables', () => {
  it('are the committed file, generated from spec/halo-openapi.json', () => {
    expect(readFileSync(fieldsGeneratedPath, 'utf8') === fieldsGeneratedText(), `fields.generated.ts is out of date: run \`${GENERATE_COMMAND}\``).toBe(true);
  });

  it('hold every schema a kind names, and no other', () => {
    for (const k of kinds) for (const s of [k.detailSchema, k.listSchema, ...(k.nestedSchemas ?? [])]) expect(Object.keys(schemaFields), `${k.route}: ${s}`).toContain(s);
    expect(Object.keys(schemaFields).sort()).toEqual(servedSchemas().sort());
  });
});
