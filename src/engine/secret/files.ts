/**
 * Private files for secrets: folders created 0700 and files written 0600 whatever the umask, each
 * write atomic (temp file + rename), and the temp files an interrupted write left behind removed.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

/** `<file>.<pid>.<12 hex>.tmp`: the temp file name of writeAtomic. */
function tempPattern(file: string): RegExp {
  const escaped = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `dir` (and missing parents) with mode 0700. mkdir's mode is masked by the umask, so the
 * folders this call created are chmod-ed afterwards; folders that already existed are left alone
 * (the sink may sit in the repository's own environment folder).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  const created = [first];
  for (const part of relative(first, dir).split(sep).filter(Boolean)) created.push(join(created[created.length - 1] as string, part));
  for (const d of created) await chmod(d, 0o700);
}

/**
 * Removes temp files of `file` left by a write that was interrupted (a crash between writing and
 * renaming). They are never the only copy of a secret: the pending record is written, and the
 * sink delivered, before the record is removed. Files of a live process are left alone.
 */
export async function removeStrayTemps(file: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch {
    return [];
  }
  const pattern = tempPattern(file);
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    await rm(join(dirname(file), name), { force: true });
    removed.push(join(dirname(file), name));
  }
  return removed;
}

/** Writes `text` to `path` atomically, mode 0600, its folder 0700 when created here. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  await ensurePrivateDir(dirname(path));
  await removeStrayTemps(path);
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
