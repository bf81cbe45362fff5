import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffCanonical } from '../../src/engine/index.js';

describe('the generic differ', () => {
  it('reports nested scalar changes by dotted path', () => {
    expect(diffCanonical({ permissions: { tickets: 'readOnly', raw: { x: '1' } } }, { permissions: { tickets: 'readModify', raw: { x: '1' } } })).toEqual([
      { path: 'permissions.tickets', before: 'readOnly', after: 'readModify' },
    ]);
  });

  it('reports sets as added/removed, ignoring order', () => {
    expect(diffCanonical({ scopes: ['a', 'b'] }, { scopes: ['c', 'b'] }, ['scopes'])).toEqual([
      { path: 'scopes', before: ['a', 'b'], after: ['c', 'b'], added: ['c'], removed: ['a'] },
    ]);
    expect(diffCanonical({ scopes: ['a', 'b'] }, { scopes: ['b', 'a'] }, ['scopes'])).toEqual([]);
  });

  it('compares set items that are objects by value', () => {
    const before = { departments: [{ name: 'Sales', level: 'member' }] };
    const after = { departments: [{ level: 'modifyAll', name: 'Sales' }] };
    const [c] = diffCanonical(before, after, ['departments']);
    expect(c!.added).toEqual([{ level: 'modifyAll', name: 'Sales' }]);
    expect(c!.removed).toEqual([{ name: 'Sales', level: 'member' }]);
  });

  it('an object against a scalar is one change of the whole value (live claims shown raw -> a friendly value)', () => {
    const raw = { live_claims: [{ type: 'Tx', value: '7' }] };
    expect(diffCanonical({ permissions: { tickets: raw } }, { permissions: { tickets: 'readModify' } })).toEqual([
      { path: 'permissions.tickets', before: raw, after: 'readModify' },
    ]);
    expect(diffCanonical({ permissions: { tickets: 'readOnly' } }, { permissions: { tickets: raw } })).toEqual([
      { path: 'permissions.tickets', before: 'readOnly', after: raw },
    ]);
  });

  it('flags sensitive paths', () => {
    expect(diffCanonical({ secret: { rotate: 0 } }, { secret: { rotate: 1 } }, [], ['secret'])).toEqual([
      { path: 'secret.rotate', before: 0, after: 1, sensitive: true },
    ]);
  });

  it('a value never differs from itself (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (v) => {
        expect(diffCanonical(v, structuredClone(v))).toEqual([]);
      }),
    );
  });
});
