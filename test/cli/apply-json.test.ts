/**
 * apply --format json carries its diagnostics as values (issue 11 §1): the document on stdout is
 * the same whether or not anything reads stderr, and names every error with its position.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { captureIo } from '../../src/cli/output.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('apply --format json', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  /** Runs apply --format json with stderr going nowhere; the parsed stdout and the exit code. */
  async function silentApply(options: Record<string, unknown>, args: string[] = []): Promise<{ code: number; doc: Record<string, unknown> }> {
    const io = captureIo({ env: ws.env, cwd: ws.cwd, stdinIsTTY: false });
    const code = await apply({ env: 'test', format: 'json', ...options }, args, { ...io, err: () => undefined });
    return { code, doc: JSON.parse(io.stdout()) as Record<string, unknown> };
  }

  it('without stderr, still says why apply stopped, in `error` and in `diagnostics`', async () => {
    ws.writeEnv(docs('kind: Team\nname: Integrations'));
    const { code, doc } = await silentApply({});
    expect(code).toBe(1);
    const message = 'refusing to apply without confirmation: no terminal to ask on. Review the plan, then re-run with --auto-approve (e.g. in CI).';
    expect(doc).toEqual({
      ok: false, added: 0, changed: 0, destroyed: 0, failed: [], remaining: [],
      error: message,
      diagnostics: [{ file: null, line: null, column: null, message, severity: 'error', address: null }],
    });
  });

  it('a refused plan: every refusal with its file, line, column and address', async () => {
    ws.writeEnv(docs('kind: Team\nname: Sales\nabsent: true'));
    const { code, doc } = await silentApply({ autoApprove: true });
    expect(code).toBe(1);
    const diagnostics = doc.diagnostics as { file: string; line: number; message: string; address: string; severity: string }[];
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'environments/test/resources.yaml', message: expect.stringContaining('refusing to delete team/Sales'), address: 'team/Sales', severity: 'error' }),
    ]);
    expect(doc.error).toBe(`environments/test/resources.yaml:${diagnostics[0]?.line}:${(diagnostics[0] as { column?: number }).column}: ${diagnostics[0]?.message}`);
  });

  it('a manifest error before any read: the loader diagnostic, positioned', async () => {
    ws.writeEnv(docs('kind: Team\nname: Sales\nspec:\n  colour: red'));
    const { code, doc } = await silentApply({ autoApprove: true });
    expect(code).toBe(1);
    expect(doc.diagnostics).toEqual([{ file: 'environments/test/resources.yaml', line: 5, column: 3, message: "unknown key 'colour' (allowed: department, use, inactive, addToAllAgents)", severity: 'error', address: 'team/Sales' }]);
    expect(ws.sim.requests.filter((r) => r.path.toLowerCase().startsWith('/api/'))).toEqual([]);
  });
});
