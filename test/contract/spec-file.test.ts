/**
 * The project stands alone: Halo's OpenAPI spec is vendored in spec/, unmodified (its hash is the
 * one spec/README.md records), and nothing in the code or tests reaches outside the repository for it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SPEC_PATH } from './openapi.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHA256 = 'a421a6673accd2a747b926bdce4a197b8e1e64cf402eff64741179e64e0d2bb6';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|js|json|yaml|yml)$/.test(n) ? [p] : [];
  });
}

describe('vendored OpenAPI spec', () => {
  it('is the recorded SPEC24 copy', () => {
    const bytes = readFileSync(SPEC_PATH);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SHA256);
    expect(readFileSync(join(root, 'spec/README.md'), 'utf8')).toContain(SHA256);
    const doc = JSON.parse(bytes.toString('utf8')) as { openapi: string; paths: object };
    expect(doc.openapi).toBe('3.0.1');
    expect(Object.keys(doc.paths)).toHaveLength(808);
  });

  it('is the only copy the code and tests read: nothing refers to a folder beside the repository', () => {
    const offenders = ['src', 'test', 'scripts', 'bench', 'constructs']
      .flatMap((d) => sources(join(root, d)))
      .filter((f) => /\.\.\/\.\.\/\.\.\/shared|\/work\/shared/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(root.length))).toEqual([]);
  });
});
