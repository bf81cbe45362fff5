/** The webhook's rotate counter line in its note: read, set, the rest of the note kept. */
import { describe, expect, it } from 'vitest';
import { liveRotateCounter, withRotateCounter } from '../../src/kinds/webhook.js';

describe('webhook rotate counter', () => {
  it('is read from its own line only', () => {
    expect(liveRotateCounter({ note: 'halo-iac:secret-rotate=3' })).toBe(3);
    expect(liveRotateCounter({ note: 'top\nhalo-iac:secret-rotate=12\nbottom' })).toBe(12);
    expect(liveRotateCounter({ note: 'see halo-iac:secret-rotate=3 later' })).toBeNull();
    expect(liveRotateCounter({ note: null })).toBeNull();
    expect(liveRotateCounter({})).toBeNull();
  });

  it('is set in place or appended, keeping every other line', () => {
    expect(withRotateCounter(undefined, 0)).toBe('halo-iac:secret-rotate=0');
    expect(withRotateCounter('', 1)).toBe('halo-iac:secret-rotate=1');
    expect(withRotateCounter('owned by ops\n\n', 2)).toBe('owned by ops\nhalo-iac:secret-rotate=2');
    expect(withRotateCounter('top\nhalo-iac:secret-rotate=1\nbottom', 2)).toBe('top\nhalo-iac:secret-rotate=2\nbottom');
  });
});
