/** doctor loads the environment with the reading limits its --max-file-size and --max-values set (it ignored them). */
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../cli/harness.js';
import { doctorWorkspace, runDoctor } from './helpers.js';

describe('doctor and the reading limits', () => {
  let ws: Workspace;
  afterEach(async () => ws.close());

  it('--max-file-size refuses a manifest over it, before any request', async () => {
    ws = await doctorWorkspace();
    const r = await runDoctor(ws, { maxFileSize: 10 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/over the 10 B limit \(raise it with --max-file-size\)/);
    expect(r.log).toEqual([]);
  });
});
