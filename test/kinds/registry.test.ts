import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLERS, kindOrder } from '../../src/kinds/index.js';
import { RESOURCE_KINDS } from '../../src/manifest/types.js';

const root = join(import.meta.dirname, '..', '..');
const kebab = (k: string): string => k.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

describe('kind registry', () => {
  for (const kind of RESOURCE_KINDS) {
    it(`${kind} has a handler, a schema and a construct`, () => {
      expect(HANDLERS[kind].kind).toBe(kind);
      expect(existsSync(join(root, 'schemas', `${kebab(kind)}.schema.json`))).toBe(true);
      expect(existsSync(join(root, 'constructs', 'kinds', `${kebab(kind)}.ts`))).toBe(true);
    });
  }

  it('orders kinds so every kind comes after the kinds it depends on', () => {
    const order = kindOrder();
    expect([...order].sort()).toEqual([...RESOURCE_KINDS].sort());
    for (const kind of order) {
      for (const dep of HANDLERS[kind].dependsOn) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(kind));
    }
  });

  it('Settings can never be deleted; every other kind can', () => {
    expect(RESOURCE_KINDS.filter((k) => HANDLERS[k].delete !== true)).toEqual(['Settings']);
  });
});
