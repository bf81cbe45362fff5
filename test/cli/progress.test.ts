import { describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/output.js';
import { stderrProgress } from '../../src/cli/progress.js';
import type { EngineEvent } from '../../src/engine/events.js';

describe('stderr progress', () => {
  it('collects per-kind reads into one line and reports batches, retries and waits', () => {
    const io = captureIo();
    const p = stderrProgress(io);
    p.onEngine({ type: 'read', kind: 'Team', count: 4 });
    p.onEngine({ type: 'read', kind: 'Agent', count: 1 });
    p.onEngine({ type: 'detail', kind: 'Agent', count: 1 });
    p.readsDone();
    p.onEngine({ type: 'batch', kind: 'Team', size: 50, ok: true });
    p.onClient({ type: 'retry', method: 'POST', path: '/api/Team', attempt: 1, delayMs: 1500, reason: '429' });
    p.onClient({ type: 'rate-wait', ms: 2500 });
    // Parallel requests waiting for the same window print one line, not one each.
    p.onClient({ type: 'rate-wait', ms: 2400 });
    p.onClient({ type: 'request', method: 'GET', path: '/api/Team', status: 200, ms: 3 });
    expect(io.stdout()).toBe('');
    expect(io.stderr().split('\n')).toEqual([
      'read 5 live objects (Team 4, Agent 1, 1 Agent detail)',
      'sent Team batch of 50',
      'retrying POST /api/Team in 1.5s (attempt 1: 429)',
      'waiting 2.5s for the client rate budget (connection.rateLimit)',
      '',
    ]);
  });

  it('flushes pending reads before the next event', () => {
    const io = captureIo();
    const p = stderrProgress(io);
    p.onEngine({ type: 'read', kind: 'Team', count: 1 });
    p.onEngine({ type: 'bisect', kind: 'Team', size: 2 });
    expect(io.stderr()).toBe('read 1 live object (Team 1)\na Team batch failed; splitting it to find the failing objects\n');
  });

  it('labels the reads after apply started as the verification re-read', () => {
    const io = captureIo();
    const p = stderrProgress(io);
    p.onEngine({ type: 'read', kind: 'Team', count: 4 });
    const started: EngineEvent = { type: 'apply-started', changes: 1 };
    const finished: EngineEvent = { type: 'apply-finished', added: 1, changed: 0, destroyed: 0, failed: 0 };
    p.onEngine(started);
    p.onEngine({ type: 'batch', kind: 'Team', size: 1, ok: true });
    p.onEngine({ type: 'read', kind: 'Team', count: 5 });
    p.onEngine({ type: 'detail', kind: 'Team', count: 1 });
    p.onEngine(finished);
    p.readsDone();
    expect(io.stderr().split('\n')).toEqual([
      'read 4 live objects (Team 4)',
      'sent Team batch of 1',
      'verifying: read 5 live objects (Team 5, 1 Team detail)',
      '',
    ]);
  });
});
