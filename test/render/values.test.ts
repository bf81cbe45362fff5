import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/render/values.js';

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
