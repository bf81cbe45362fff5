/**
 * The example app: objects declared in TypeScript next to the YAML ones. halo-iac runs it with
 * `--app main.ts` (`halo-iac plan -e rewst --app main.ts` shows `+ create team/Automation`), once per
 * environment it loads, with that environment's construct tree already holding its YAML objects;
 * they are checked, planned and applied exactly as YAML. Importing this file synthesizes nothing:
 * cdktf's entry is cdktf-main.ts. Contract: README "Code-defined objects (--app)".
 */
import { defineApp, Team } from './constructs/index.js';

export default defineApp((environment) => {
  // A team for tickets Rewst creates, on the rewst tenant only.
  if (environment.config.name === 'rewst') new Team(environment, 'Automation', { spec: { use: ['tickets'] } });
});
