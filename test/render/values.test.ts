import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../src/model/plan.js';
import { fieldLines, formatValue, scrubber } from '../../src/render/values.js';

describe('live permission claims the catalog cannot read as one value', () => {
  it('print as Halo holds them, with their reading or "not in the catalog", never as a neighbouring value', () => {
    expect(formatValue({ live_claims: [{ type: 'Tx', value: '7' }] })).toBe('(Halo value "7", not in the catalog)');
    expect(formatValue({ live_claims: [{ type: 'Ticket_Level', value: '2', legacy: true }], read_as: 'readModify' })).toBe('(legacy claim Ticket_Level = "2", read as "readModify")');
    expect(formatValue({ live_claims: [{ type: 'Tx', value: '1' }, { type: 'Ticket_Level', value: '2', legacy: true }], read_as: 'readOnly' })).toBe(
      '(Halo value "1" and legacy claim Ticket_Level = "2", read as "readOnly")',
    );
    // Any other object still prints as compact JSON.
    expect(formatValue({ live: 1 })).toBe('{"live":1}');
  });
});

describe('sensitive values', () => {
  const rc = (): ResourceChange => ({
    address: 'application/X',
    kind: 'Application',
    name: 'X',
    change: { actions: ['update'], before: { auth: { secret: 'TOPSECRET-OLD' } }, after: { auth: { secret: 'TOPSECRET-NEW' } }, before_sensitive: ['auth.secret'], after_sensitive: ['auth.secret'] },
    field_changes: [{ path: 'auth', before: { secret: 'TOPSECRET-OLD' }, after: { secret: 'TOPSECRET-NEW' } }],
    risks: [],
    depends_on: [],
  });

  it('a field whose value holds a sensitive path is masked whole', () => {
    expect(fieldLines(rc(), rc().field_changes[0]!)).toEqual([{ sign: '~', text: 'auth: (sensitive value)' }]);
  });

  it('free text about a change has its sensitive strings replaced, short strings left alone', () => {
    expect(scrubber(rc())('rotated TOPSECRET-OLD to TOPSECRET-NEW')).toBe('rotated (sensitive value) to (sensitive value)');
    const short = { ...rc(), change: { ...rc().change, after: { auth: { secret: 'abc' } } } };
    expect(scrubber(short)('abc stays: a secret is never 3 characters')).toBe('abc stays: a secret is never 3 characters');
  });
});
