/** Builds throwaway environments in a temp folder for loader and CLI tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The environment header most tests start from (no secrets, no env vars). */
export const ENV_HEADER = `apiVersion: halo-iac/v1
kind: Environment
name: test
connection:
  url: https://acme.halopsa.com
  clientId: test-client
`;

/** Writes `files` (relative path -> text) into a fresh temp folder and returns it. */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-manifest-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}
