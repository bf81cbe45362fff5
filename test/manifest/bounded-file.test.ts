/**
 * The one reader of files a user names (manifests, environment files, catalog overrides, saved
 * plans): a device, a FIFO, a folder or a file over the limit is an answer, never a hang or a read
 * of gigabytes (QA: `show /dev/zero` took 16 GB; `validate --config /dev/zero` never returned).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoundedFile } from '../../src/manifest/bounded-file.js';
import { run as validate } from '../../src/cli/validate.js';
import { captureIo } from '../../src/cli/output.js';

describe('readBoundedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-bounded-'));

  it('reads a regular file whole, up to and including the limit', () => {
    writeFileSync(join(dir, 'ok.yaml'), 'abc');
    const r = readBoundedFile(join(dir, 'ok.yaml'), 3);
    expect(r.ok && r.bytes.toString()).toBe('abc');
  });

  it('refuses what is not a regular file, without reading it', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    for (const path of ['/dev/zero', dir, join(dir, 'fifo')]) expect(readBoundedFile(path, 1024)).toEqual({ ok: false, why: 'not-a-file' });
  });

  it('says a file is missing, and a file over the limit is too big (a sparse 2 GB one is not read)', () => {
    expect(readBoundedFile(join(dir, 'nope'), 10)).toEqual({ ok: false, why: 'missing' });
    writeFileSync(join(dir, 'four.yaml'), 'abcd');
    expect(readBoundedFile(join(dir, 'four.yaml'), 3)).toEqual({ ok: false, why: 'too-big', size: 4 });
    writeFileSync(join(dir, 'sparse.yaml'), '');
    truncateSync(join(dir, 'sparse.yaml'), 2 * 1024 ** 3);
    expect(readBoundedFile(join(dir, 'sparse.yaml'), 10 * 1024 ** 2)).toEqual({ ok: false, why: 'too-big', size: 2 * 1024 ** 3 });
  });

  it('reads a file whose size the system reports as 0 (procfs) to its end', () => {
    const r = readBoundedFile('/proc/self/status', 1024 * 1024);
    expect(r.ok && r.bytes.toString()).toContain('Name:');
  });

  it('validate --config /dev/zero is one line and exit 1', async () => {
    const io = captureIo({ cwd: dir, env: {} });
    expect(await validate({ config: '/dev/zero', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')[0]).toMatch(/^\S*zero:1:1: cannot read \S*zero \(not a regular file\)$/);
  });
});
