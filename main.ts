/**
 * The cdktf app (cdktf.json: `npx tsx main.ts`), cdk8s style: the YAML environments are loaded into the
 * construct tree, code adds objects next to them, and each environment becomes a Terraform stack with one
 * null_resource per Halo object. `halo-iac synth` does the same without the code-defined additions.
 */
import { desiredStateFromApp, environmentFromState, HaloApp, Team } from './constructs/index.js';
import { formatDiagnostic, hasErrors } from './src/model/diagnostics.js';
import { loadEnvironment } from './src/manifest/load.js';
import { synthTerraform } from './src/terraform/index.js';

const app = new HaloApp();
for (const name of ['rewst', 'moovila']) {
  const { state, diagnostics } = await loadEnvironment({ env: name, mode: 'validate' });
  if (!state) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  const environment = environmentFromState(app, state);
  // Defined in code rather than YAML: a team for Rewst-created tickets.
  if (name === 'rewst') new Team(environment, 'Automation', { spec: { use: ['tickets'] } });
}

const { states, diagnostics } = desiredStateFromApp(app);
for (const d of diagnostics) console.error(formatDiagnostic(d));
if (hasErrors(diagnostics)) process.exit(1);
synthTerraform(states, { outdir: 'cdktf.out' });
