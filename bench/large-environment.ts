/**
 * A generated environment (default 1,000 objects) over 20 files: a quarter teams, the rest agents
 * with variables, references and memberships. Shared by the validate benches.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OBJECTS = 1000;
const FILES = 20;

/** Writes environment.yaml and manifests/*.yaml for `objects` objects (a multiple of 20) into `dir`. */
export function generate(dir: string, objects = OBJECTS): void {
  writeFileSync(
    join(dir, 'environment.yaml'),
    'apiVersion: halo-iac/v1\nkind: Environment\nname: bench\nconnection:\n  url: https://bench.halopsa.com\n  clientId: bench\n' +
      'include: ["./manifests/*.yaml"]\nvariables:\n  domain: bench.example\n',
  );
  mkdirSync(join(dir, 'manifests'));
  const teams = objects / 4;
  const perFile = objects / FILES;
  const docs: string[] = [];
  for (let i = 0; i < objects; i++) {
    if (i < teams) docs.push(`apiVersion: halo-iac/v1\nkind: Team\nname: Team ${i}\nspec:\n  use: [tickets]\n`);
    else {
      const t = i % teams;
      docs.push(
        `apiVersion: halo-iac/v1\nkind: Agent\nname: Agent ${i}\nspec:\n  email: agent${i}@\${var:domain}\n  apiOnly: true\n` +
          `  defaultTeam: Team ${t}\n  teams:\n    mode: include\n    members: [Team ${t}, Team ${(t + 1) % teams}]\n`,
      );
    }
  }
  for (let f = 0; f < FILES; f++) {
    writeFileSync(join(dir, 'manifests', `m${String(f).padStart(2, '0')}.yaml`), docs.slice(f * perFile, (f + 1) * perFile).join('---\n'));
  }
}
