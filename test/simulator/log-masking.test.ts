/** The request log masks every field a served kind never echoes, and the token endpoint's secrets. */
import { describe, expect, it } from 'vitest';
import { kinds } from '../../src/simulator/kinds/index.js';
import { maskSecrets } from '../../src/simulator/log.js';

describe('request log masking', () => {
  it("masks each kind's never-echoed fields, nested too, and leaves the rest", () => {
    const fields = kinds.flatMap((k) => k.neverEchoed ?? []);
    expect(fields).toEqual(expect.arrayContaining(['clientSecret', 'password', 'basic_password']));
    for (const f of fields) {
      expect(maskSecrets([{ name: 'x', [f]: 'shh-1234' }]), f).toEqual([{ name: 'x', [f]: '***' }]);
      expect(maskSecrets({ rows: [{ [f.toUpperCase()]: 'shh-1234' }] }), f).toEqual({ rows: [{ [f.toUpperCase()]: '***' }] });
    }
    expect(maskSecrets({ client_secret: 'abc', access_token: 't', grant_type: 'client_credentials' })).toEqual({ client_secret: '***', access_token: '***', grant_type: 'client_credentials' });
    // Empty values say nothing secret and stay visible (a cleared field shows as cleared).
    expect(maskSecrets({ password: '' })).toEqual({ password: '' });
  });
});
