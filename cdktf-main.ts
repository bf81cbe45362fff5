/**
 * cdktf's entry (cdktf.json `"app": "npx tsx cdktf-main.ts"`, run by `cdktf synth` in this folder):
 * every environment with main.ts's code-defined objects, one Terraform stack each, written where
 * cdktf asks (CDKTF_OUTDIR) — exactly `halo-iac synth --app main.ts`.
 */
import { fileURLToPath } from 'node:url';
import { run } from './src/cli/synth.js';

process.exitCode = await run({ app: fileURLToPath(new URL('./main.ts', import.meta.url)), out: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
