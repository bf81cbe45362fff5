import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The example environments (one per blueprint) validate offline and expand as expected. */
describe('example environments', () => {
  const cases: [string, string[]][] = [
    ['moovila', ['department/Delivery', 'team/Projects', 'tickettype/Project', 'tickettype/Project Task', 'agent/Moovila API', 'application/Moovila', 'settings/settings']],
    ['perimeters', ['team/Security', 'agent/Perimeters', 'application/Perimeters']],
    ['rewst', ['agent/Rewst API', 'application/Rewst']],
    ['postman', ['agent/Postman API', 'application/Postman']],
  ];
  for (const [name, addresses] of cases) {
    it(`${name} is valid and expands into its objects`, async () => {
      const { state, diagnostics } = await loadEnvironment({ env: name, cwd: root, mode: 'validate', processEnv: {} });
      const notAboutUnsetVars = diagnostics.filter((d) => !/is not set/.test(d.message)).map(formatDiagnostic);
      expect(notAboutUnsetVars).toEqual([]);
      expect(state?.objects.map((o) => o.address)).toEqual(addresses);
      expect(state?.environment.file).toBe(join(root, 'environments', name, 'environment.yaml'));
    });
  }
});
