import { describe, expect, it } from 'vitest';
import { loadHaloSchemas, normaliseSchema } from './openapi.js';

describe('OpenAPI normalisation', () => {
  it('turns nullable into a union with null, maps int/bool, and leaves property names alone', () => {
    expect(
      normaliseSchema({
        type: 'object',
        additionalProperties: false,
        properties: {
          type: { type: 'int', nullable: true },
          nullable: { type: 'bool' },
          ref: { $ref: '#/components/schemas/X', nullable: true },
          list: { type: 'array', items: { type: 'string', enum: ['a'], nullable: true } },
        },
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { type: ['integer', 'null'] },
        nullable: { type: 'boolean' },
        ref: { anyOf: [{ $ref: '#/components/schemas/X' }, { type: 'null' }] },
        list: { type: 'array', items: { type: ['string', 'null'], enum: ['a', null] } },
      },
    });
  });

  it('compiles the real spec and validates against it', () => {
    const schemas = loadHaloSchemas();
    expect(schemas.check('SectionDetail', { id: 1, name: 'Service Desk', department_id: null })).toEqual([]);
    expect(schemas.check('SectionDetail', { id: 'one' }).join('\n')).toMatch(/must be integer/);
    expect(schemas.check('SectionDetail', { no_such_field: 1 }).join('\n')).toMatch(/additional properties/);
    expect(schemas.check('Uname', { id: 1, name: 'A', teams: [{ team_id: 2 }], datecreated: '2025-01-01T09:00:00' })).toEqual([]);
  }, 90_000);
});
