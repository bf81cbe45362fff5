/**
 * The committed views of the permission catalog are generated from it: schemas/permissions.schema.json
 * (editor completion for every key and value, described by its Permissions-tab label) and the
 * README's permissions table. Each test fails, naming the command, while its file is stale.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATE_PERMISSIONS_COMMAND, permissionsSchemaPath, permissionsSchemaText, readmePath, readmeText, stockCatalog } from '../../scripts/gen-permissions.js';
import { permissionsSchema, permissionsTable, TABLE_END, TABLE_START } from '../../src/manifest/catalog-schema.js';
import { readSchemaFile } from '../../src/manifest/schema-registry.js';

const catalog = stockCatalog();

describe('generated views of catalog/permissions.yaml', () => {
  it(`schemas/permissions.schema.json is current (else run: ${GENERATE_PERMISSIONS_COMMAND})`, () => {
    expect(readFileSync(permissionsSchemaPath(), 'utf8'), `stale: run ${GENERATE_PERMISSIONS_COMMAND}`).toBe(permissionsSchemaText(catalog));
  });

  it(`README.md's permissions table is current (else run: ${GENERATE_PERMISSIONS_COMMAND})`, () => {
    const readme = readFileSync(readmePath(), 'utf8');
    expect(readme).toContain(TABLE_START);
    expect(readme, `stale: run ${GENERATE_PERMISSIONS_COMMAND}`).toBe(readmeText(catalog));
  });

  it('completes every catalog key, and every value with its UI label', () => {
    const schema = permissionsSchema(catalog) as { properties: Record<string, { type: string; description: string; anyOf?: { const: string; description: string }[] }> };
    expect(Object.keys(schema.properties)).toEqual(['raw', ...Object.keys(catalog.permissions)]);
    expect(schema.properties.timesheets).toEqual({
      type: 'string',
      description: 'Timesheets Access Level (Feature Access; claim Hx (legacy Timesheets_Level)): none, ownReadModify, managedReadModify, readOnly, readModifyAll.',
      anyOf: [
        { const: 'none', description: 'No Access (stored "0")' },
        { const: 'ownReadModify', description: 'Read and Modify (Own) (stored "1")' },
        { const: 'managedReadModify', description: 'Read and Modify (Managed) (stored "2")' },
        { const: 'readOnly', description: 'Read Only (stored "3")' },
        { const: 'readModifyAll', description: 'Read and Modify (All) (stored "4")' },
      ],
    });
    expect(schema.properties.canAddTickets).toEqual({ type: 'boolean', description: 'Can add new Tickets (Tickets Permissions; claim l6 (legacy Can_Log_Tickets)).' });
    // Agent and role schemas use it.
    for (const file of ['agent.schema.json', 'role.schema.json'])
      expect((readSchemaFile(file) as { properties: { permissions: { $ref: string } } }).properties.permissions.$ref, file).toBe('permissions.schema.json');
  });

  it('the README table has one row per permission with key, label, code and values', () => {
    const rows = permissionsTable(catalog).split('\n').slice(2);
    expect(rows).toHaveLength(Object.keys(catalog.permissions).length);
    expect(rows).toContain('| `timesheets` | Timesheets Access Level | `Hx` (legacy `Timesheets_Level`) | `none` (`0`, No Access), `ownReadModify` (`1`, Read and Modify (Own)), `managedReadModify` (`2`, Read and Modify (Managed)), `readOnly` (`3`, Read Only), `readModifyAll` (`4`, Read and Modify (All)) |');
    expect(rows).toContain('| `canDeleteTickets` | Can Remove Tickets | `l4` (legacy `Can_Remove_Tickets`) | `true` (`1`; privileged), `false` (`0`) |');
    expect(readFileSync(readmePath(), 'utf8')).toContain(TABLE_END);
  });
});
