/**
 * Blueprint `with:` options are declared once (constructs/blueprints/*, options.ts): the blueprint
 * reads its defaults from the declaration, and README and schemas/blueprint.schema.json are
 * generated from it (each test fails, naming the command, while its file is stale).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blueprintSchemaPath, blueprintSchemaText, GENERATE_BLUEPRINTS_COMMAND, readmePath, readmeText } from '../../scripts/gen-blueprints.js';
import { BLUEPRINTS } from '../../constructs/blueprints/index.js';
import { OPTIONS_START, withSchema } from '../../constructs/blueprints/options.js';
import { expand, only } from './helpers.js';

describe('blueprint options', () => {
  it(`schemas/blueprint.schema.json is current (else run: ${GENERATE_BLUEPRINTS_COMMAND})`, () => {
    expect(readFileSync(blueprintSchemaPath(), 'utf8'), `stale: run ${GENERATE_BLUEPRINTS_COMMAND}`).toBe(blueprintSchemaText());
  });

  it(`README.md's options section is current (else run: ${GENERATE_BLUEPRINTS_COMMAND})`, () => {
    const readme = readFileSync(readmePath(), 'utf8');
    expect(readme).toContain(OPTIONS_START);
    expect(readme, `stale: run ${GENERATE_BLUEPRINTS_COMMAND}`).toBe(readmeText());
  });

  it('the schema completes each blueprint\'s own options, per use, with type and default', () => {
    const schema = JSON.parse(blueprintSchemaText()) as { allOf: { if: { properties: { use: { const: string } } }; then: { properties: { with: unknown } } }[] };
    expect(schema.allOf.map((b) => b.if.properties.use.const)).toEqual(Object.keys(BLUEPRINTS));
    const moovila = schema.allOf[0]?.then.properties.with as { properties: Record<string, { type?: string; description: string }>; additionalProperties: boolean };
    expect(moovila).toEqual(withSchema(BLUEPRINTS.moovila.options));
    expect(moovila.additionalProperties).toBe(false);
    expect(moovila.properties.agentName).toEqual({ type: 'string', minLength: 1, pattern: '\\S', description: 'Name of the API-only agent the integration logs in as. Default: "Moovila API".' });
    expect(moovila.properties.secretSink?.description).toMatch(/Default: env-file:\.halo-iac\/<blueprint name>\.env/);
  });

  it('a blueprint uses its declared defaults, and the documented secret sink', () => {
    const r = expand('perimeters', {}, 'perimeters');
    const agent = only(r.state.objects, 'Agent')[0]!;
    expect([agent.name, agent.spec.apiOnly]).toEqual([BLUEPRINTS.perimeters.options.agentName?.default, BLUEPRINTS.perimeters.options.apiOnly?.default]);
    expect(only(r.state.objects, 'Application')[0]?.spec.secret).toEqual({ sink: 'env-file:.halo-iac/perimeters.env' });
    expect(only(expand('postman', { loginAs: 'a' }).state.objects, 'Application')[0]?.spec.scopes).toEqual(BLUEPRINTS.postman.options.scopes?.default);
  });
});
