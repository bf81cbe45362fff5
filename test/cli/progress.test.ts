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
    p.onEngine({ type: 'batch', kind: 'Team', size: 50, ok: false });
    p.onClient({ type: 'retry', method: 'POST', path: '/api/Team', attempt: 1, delayMs: 1500, reason: '429' });
    p.onClient({ type: 'rate-wait', ms: 2500 });
    // Parallel requests waiting for the same window print one line, not one each.
    p.onClient({ type: 'rate-wait', ms: 2400 });
    p.onClient({ type: 'request', method: 'GET', path: '/api/Team', status: 200, ms: 3 });
    expect(io.stdout()).toBe('');
    expect(io.stderr().split('\n')).toEqual([
      'read 5 live objects (Team 4, Agent 1, 1 Agent detail)',
      'failed Team batch of 50',
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
    const started: EngineEvent = { type: 'apply-started', changes: 1, work: [{ kind: 'Team', action: 'create', count: 1 }], calls: 2 };
    const finished: EngineEvent = { type: 'apply-finished', added: 1, changed: 0, destroyed: 0, failed: 0 };
    p.onEngine(started);
    p.onEngine({ type: 'batch', kind: 'Team', size: 1, ok: true, created: 1, updated: 0 });
    p.onEngine({ type: 'read', kind: 'Team', count: 5 });
    p.onEngine({ type: 'detail', kind: 'Team', count: 1 });
    p.onEngine(finished);
    p.readsDone();
    expect(io.stderr().split('\n')).toEqual([
      'read 4 live objects (Team 4)',
      'Team: 1/1 created',
      'verifying: read 5 live objects (Team 5, 1 Team detail)',
      '',
    ]);
  });
});

describe('apply progress per kind (issue 10 §4)', () => {
  /** A reporter on a fake clock advanced by the test. */
  function fakeClock() {
    let t = 0;
    const io = captureIo();
    const p = stderrProgress(io, { now: () => t });
    return { io, p, tick: (ms: number) => (t += ms) };
  }

  it('300 team deletes of 60 ms each are never silent: a line every 10% (1.8 s), and the last one', () => {
    const { io, p, tick } = fakeClock();
    p.onEngine({ type: 'apply-started', changes: 300, work: [{ kind: 'Team', action: 'delete', count: 300 }], calls: 305 });
    for (let i = 0; i < 300; i++) {
      tick(60);
      p.onEngine({ type: 'delete', kind: 'Team', address: `team/T${i}`, ok: true });
    }
    expect(io.stderr().split('\n')).toEqual([
      'applying 300 changes: about 305 calls (no client rate budget)',
      ...[30, 60, 90, 120, 150, 180, 210, 240, 270, 300].map((n) => `Team: ${n}/300 deleted`),
      '',
    ]);
  });

  it('slow work prints at least every 10 s; fast work only its last line; creates and updates counted apart', () => {
    const { io, p, tick } = fakeClock();
    p.onEngine({
      type: 'apply-started',
      changes: 1102,
      work: [
        { kind: 'Agent', action: 'delete', count: 1000 },
        { kind: 'Team', action: 'create', count: 60 },
        { kind: 'Team', action: 'update', count: 42 },
      ],
      calls: 1010,
      budget: { requests: 300, windowSeconds: 300 },
    });
    // Two batches in 20 ms: no line until the kind is done.
    p.onEngine({ type: 'batch', kind: 'Team', size: 50, ok: true, created: 40, updated: 10 });
    tick(20);
    p.onEngine({ type: 'batch', kind: 'Team', size: 52, ok: true, created: 20, updated: 32 });
    // 1,000 deletes of 400 ms: 10% is 40 s, so the 10-second rule speaks first.
    for (let i = 0; i < 60; i++) {
      tick(400);
      p.onEngine({ type: 'delete', kind: 'Agent', address: `agent/A${i}`, ok: true });
    }
    expect(io.stderr().split('\n')).toEqual([
      'applying 1102 changes: about 1010 calls, ~17 min at 300 requests / 5 min',
      'Team: 60/60 created',
      'Team: 42/42 updated',
      'Agent: 25/1000 deleted',
      'Agent: 50/1000 deleted',
      '',
    ]);
  });

  it('a wait for the rate budget says which budget is used up and how much of the apply is left', () => {
    const { io, p } = fakeClock();
    p.onEngine({ type: 'apply-started', changes: 400, work: [{ kind: 'Team', action: 'create', count: 400 }], calls: 12 });
    for (let i = 0; i < 5; i++) p.onClient({ type: 'request', method: 'POST', path: '/api/Team', status: 200, ms: 5 });
    p.onClient({ type: 'rate-wait', ms: 42_000, budget: { requests: 300, windowSeconds: 300 } });
    expect(io.stderr()).toBe(
      'waiting 42.0s for the client rate budget: all 300 requests of the last 5 min are used (connection.rateLimit); about 7 calls of this apply to go\n',
    );
  });

  it('a large read of details is announced with its estimate', () => {
    const { io, p } = fakeClock();
    p.onEngine({ type: 'details-started', count: 99 });
    p.onEngine({ type: 'details-started', count: 150, budget: { requests: 300, windowSeconds: 300 } });
    p.onEngine({ type: 'details-started', count: 1000, budget: { requests: 300, windowSeconds: 300 } });
    expect(io.stderr().split('\n')).toEqual([
      'reading 150 details: about 150 calls, within the rate budget of 300 requests / 5 min',
      'reading 1000 details: about 1000 calls, ~17 min at 300 requests / 5 min',
      '',
    ]);
  });
});
