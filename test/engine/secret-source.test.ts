/**
 * Secrets read from their source (`secretFrom: env:NAME`): the context hands a payload a
 * placeholder in plan and the value only in apply, remembering it there for scrubbing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/engine/context.js';
import { SENSITIVE_VALUE } from '../../src/kinds/types.js';
import { describeSecretSource, parseSecretSource, readSecretSource } from '../../constructs/secret/source.js';
import { catalog } from './helpers/desired.js';

const VAR = 'HALO_IAC_TEST_SOURCE_SECRET';

afterEach(() => {
  delete process.env[VAR];
});

describe('secret sources', () => {
  it('parse env:NAME only', () => {
    expect(parseSecretSource(`env:${VAR}`)).toEqual({ env: VAR });
    expect(parseSecretSource(' env:A_1 ')).toEqual({ env: 'A_1' });
    for (const bad of ['env:', 'env:1A', 'file:x', `${VAR}`, 'env:A-B']) expect(parseSecretSource(bad), bad).toBeUndefined();
    expect(describeSecretSource({ env: 'X' })).toBe('environment variable X');
    expect(readSecretSource({ env: 'X' }, { X: '' })).toBeUndefined();
    expect(readSecretSource({ env: 'X' }, { X: 'v' })).toBe('v');
  });

  it('give plan a placeholder and apply the value, which apply remembers', () => {
    const live = { objects: {}, reads: 0 };
    const sourced = new Set<string>();
    const plan = buildContext([], catalog, live, 'plan', new Map(), sourced);
    const apply = buildContext([], catalog, live, 'apply', new Map(), sourced);
    expect(plan.secretFrom(`env:${VAR}`)).toBeUndefined();
    expect(apply.secretFrom(`env:${VAR}`)).toBeUndefined();
    process.env[VAR] = 'hook-password-123';
    expect(plan.secretFrom(`env:${VAR}`)).toBe(SENSITIVE_VALUE);
    expect([...sourced]).toEqual([]);
    expect(apply.secretFrom(`env:${VAR}`)).toBe('hook-password-123');
    expect([...sourced]).toEqual(['hook-password-123']);
  });

  it("read the command's environment when given one, not the process's", () => {
    process.env[VAR] = 'from-the-process';
    const live = { objects: {}, reads: 0 };
    const apply = buildContext([], catalog, live, 'apply', new Map(), new Set(), { [VAR]: 'from-the-command' });
    expect(apply.secretFrom(`env:${VAR}`)).toBe('from-the-command');
    expect(buildContext([], catalog, live, 'plan', new Map(), new Set(), {}).secretFrom(`env:${VAR}`)).toBeUndefined();
  });
});
