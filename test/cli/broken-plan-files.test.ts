/**
 * Broken saved plan files (issue 9 §1, §7): truncated, not JSON, another format, edited (its digest
 * no longer matches), edited with the digest recomputed (apply compares with a fresh plan), made
 * for another environment, tenant or halo-iac version, or gone stale. Zero writes in every case.
 */
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { docs } from './harness.js';
import { toolVersion } from '../../src/version.js';
import { describeBroken, type BrokenCase, type Json } from './broken-inputs.js';

const entries = (p: Json) => p.resource_changes as Json[];
const entry = (p: Json, address: string) => entries(p).find((c) => c.address === address) as Json;
const body = (p: Json, address: string) => ((entry(p, address).request as Json).body as Json[])[0] as Json;
const REMAKE = 'make a new one with halo-iac plan --out FILE';
const MODIFIED = `plan.json:9:13: Saved plan was modified after it was made: its digest does not match its contents; ${REMAKE}`;
const INVALID = (line: number, col: number, why: string) => `plan.json:${line}:${col}: not a halo-iac plan: invalid JSON (${why}); ${REMAKE}`;

/** The plan-file cases. */
export const planFileCases: BrokenCase[] = [
  // --- saved plan files: not a plan ---
  { name: 'truncated plan file (apply)', planFile: { raw: (t) => t.slice(0, t.indexOf('"resource_changes"')) }, command: 'apply-file', code: 1, line: INVALID(21, 3, 'it ends too early: truncated?') },
  { name: 'truncated plan file (show)', planFile: { raw: (t) => t.slice(0, t.indexOf('"resource_changes"')) }, command: 'show', code: 1, line: INVALID(21, 3, 'it ends too early: truncated?') },
  { name: 'plan file cut inside a string', planFile: { raw: (t) => t.slice(0, t.indexOf('sha256:') + 20) }, command: 'apply-file', code: 1, line: INVALID(9, 13, 'an unfinished string') },
  { name: 'plan file that is YAML, not JSON', planFile: { raw: () => 'format_version: "1.1"\nresource_changes: []\n' }, command: 'apply-file', code: 1, line: INVALID(1, 1, 'not JSON here') },
  { name: 'plan file that is YAML (show)', planFile: { raw: () => 'format_version: "1.1"\n' }, command: 'show', code: 1, line: INVALID(1, 1, 'not JSON here') },
  { name: 'empty plan file', planFile: { raw: () => '' }, command: 'apply-file', code: 1, line: INVALID(1, 1, 'it ends too early: truncated?') },
  { name: 'plan file with a comment', planFile: { raw: (t) => t.replace('{\n', '{\n  // reviewed by Jane\n') }, command: 'apply-file', code: 1, line: INVALID(2, 3, 'a comment (JSON has none)') },
  { name: 'plan file with a trailing comma', planFile: { raw: (t) => t.replace('"destroy": 0\n', '"destroy": 0,\n') }, command: 'show', code: 1, line: INVALID(14, 3, 'a property name expected') },
  { name: 'plan file with text after it', planFile: { raw: (t) => `${t}}\n` }, command: 'apply-file', code: 1, line: /^plan\.json:\d+:1: not a halo-iac plan: invalid JSON \(text after the end of the plan\)/ },
  { name: 'plan file that is a JSON list', planFile: { raw: () => '[]' }, command: 'apply-file', code: 1, line: `plan.json:1:1: not a halo-iac plan: the file holds a list; ${REMAKE}` },
  { name: 'plan file that is JSON null', planFile: { raw: () => 'null' }, command: 'show', code: 1, line: `plan.json:1:1: not a halo-iac plan: the file holds no JSON object; ${REMAKE}` },
  { name: 'plan file without format_version', planFile: { raw: () => '{}' }, command: 'apply-file', code: 1, line: `plan.json:1:1: not a halo-iac plan: format_version is missing; ${REMAKE}` },
  { name: 'a different format_version (apply)', planFile: { edit: (p) => (p.format_version = '2.0') }, command: 'apply-file', code: 1, line: `plan.json:2:21: plan format 2.0 is not supported by this halo-iac (format 1.1); ${REMAKE}` },
  { name: 'a different format_version (show)', planFile: { edit: (p) => (p.format_version = '2.0') }, command: 'show', code: 1, line: `plan.json:2:21: plan format 2.0 is not supported by this halo-iac (format 1.1); ${REMAKE}` },
  { name: 'format_version not a string', planFile: { edit: (p) => (p.format_version = 1) }, command: 'apply-file', code: 1, line: `plan.json:2:21: not a halo-iac plan: format_version is not a string; ${REMAKE}` },
  { name: 'resource_changes missing', planFile: { edit: (p) => delete p.resource_changes }, command: 'apply-file', code: 1, line: `plan.json:1:1: not a halo-iac plan: resource_changes is missing; ${REMAKE}` },
  { name: 'summary not an object', planFile: { edit: (p) => (p.summary = 'none') }, command: 'show', code: 1, line: `plan.json:10:14: not a halo-iac plan: summary is malformed; ${REMAKE}` },
  // 5,000 levels of nesting overflowed the stack of the canonicaliser: a user error at the 65th level.
  { name: 'plan file nested 5,000 levels deep (show)', planFile: { raw: (t) => t.replace('{\n', `{\n  "x": ${'['.repeat(5000)}${']'.repeat(5000)},\n`) }, command: 'show', code: 1, line: `plan.json:2:71: not a halo-iac plan: nested more than 64 levels deep; ${REMAKE}` },
  { name: 'plan file nested 5,000 levels deep (apply)', planFile: { raw: (t) => t.replace('{\n', `{\n  "x": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},\n`) }, command: 'apply-file', code: 1, line: /^plan\.json:2:\d+: not a halo-iac plan: nested more than 64 levels deep; make a new one/ },
  { name: 'plan file that does not exist', command: 'apply-file', code: 1, line: 'plan.json: cannot read the plan file (ENOENT)' },
  { name: 'plan file that is a folder', live: async (_c, ws) => mkdirSync(join(ws.cwd, 'plans')), command: 'apply-file', args: ['plans'], code: 1, line: `plans: not a plan file (not a regular file); ${REMAKE}` },
  // QA: `show /dev/zero` read for a minute and took 16 GB; a sparse file of gigabytes likewise.
  { name: 'plan file that is a device (show /dev/zero)', command: 'show', args: ['/dev/zero'], code: 1, line: `/dev/zero: not a plan file (not a regular file); ${REMAKE}` },
  { name: 'plan file of 300 MB (sparse)', live: async (_c, ws) => truncateSync((writeFileSync(join(ws.cwd, 'huge.json'), ''), join(ws.cwd, 'huge.json')), 300 * 1024 * 1024), command: 'apply-file', args: ['huge.json'], code: 1, line: `huge.json: the plan file is 300 MB, over the 256 MB a plan can be; ${REMAKE}` },

  // --- saved plan files: edited (the digest) ---
  { name: 'summary edited (apply)', planFile: { edit: (p) => (p.summary = { add: 0, change: 0, destroy: 0 }) }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'summary edited (show prints no "0 to add")', planFile: { edit: (p) => (p.summary = { add: 0, change: 0, destroy: 0 }) }, command: 'show', code: 1, line: MODIFIED },
  { name: 'an entry removed (apply)', planFile: { edit: (p) => (p.resource_changes = entries(p).slice(1)) }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'an entry removed (show)', planFile: { edit: (p) => (p.resource_changes = entries(p).slice(1)) }, command: 'show', code: 1, line: MODIFIED },
  { name: 'a request body changed (apply)', planFile: { edit: (p) => (body(p, 'team/Broken Team').department_id = 2) }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'a request body changed (show)', planFile: { edit: (p) => (body(p, 'team/Sales').inactive = false) }, command: 'show', code: 1, line: MODIFIED },
  { name: 'created_at edited', planFile: { edit: (p) => (p.created_at = '2020-01-01T00:00:00.000Z') }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'environment edited', planFile: { edit: (p) => (p.environment = 'prod') }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'digest replaced by another algorithm', planFile: { edit: (p) => (p.digest = 'md5:0123456789abcdef') }, command: 'show', code: 1, line: MODIFIED },
  {
    name: 'digest removed',
    planFile: { edit: (p) => delete p.digest },
    command: 'apply-file',
    code: 1,
    line: `plan.json:1:1: Saved plan has no digest, so it cannot be shown to be the plan that was made (plans before format 1.1 had none); ${REMAKE}`,
  },

  // --- saved plan files: edited, digest recomputed (apply compares with a fresh plan) ---
  { name: 'request body changed, digest recomputed', planFile: { edit: (p) => (body(p, 'team/Sales').inactive = false), reseal: true }, command: 'apply-file', code: 1, line: '  team/Sales: its request differs' },
  { name: 'an entry removed, digest recomputed', planFile: { edit: (p) => (p.resource_changes = entries(p).slice(1)), reseal: true }, command: 'apply-file', code: 1, line: '  team/Broken Team: in the manifests but not in the saved plan' },
  {
    name: 'summary edited, digest recomputed',
    planFile: { edit: (p) => (p.summary = { add: 0, change: 0, destroy: 0 }), reseal: true },
    command: 'apply-file',
    code: 1,
    line: '  summary: 0 to add, 0 to change, 0 to destroy in the file; a fresh plan has 1 to add, 1 to change, 0 to destroy',
  },
  { name: 'live_id changed, digest recomputed', planFile: { edit: (p) => (entry(p, 'team/Sales').live_id = 1), reseal: true }, command: 'apply-file', code: 1, line: '  team/Sales: its live_id differs' },
  {
    name: 'a create turned into a delete, digest recomputed',
    planFile: { edit: (p) => ((entry(p, 'team/Broken Team').change as Json).actions = ['delete']), reseal: true },
    command: 'apply-file',
    code: 1,
    line: '  team/Broken Team: its change differs',
  },
  { name: 'an error injected, digest recomputed', planFile: { edit: (p) => (p.errors = [{ message: 'refused by review' }]), reseal: true }, command: 'apply-file', code: 1, line: 'refused by review' },

  // --- saved plan files: made elsewhere ---
  {
    name: 'a plan from another environment',
    planFile: { env: 'other' },
    command: 'apply-file',
    code: 1,
    line: /^Error: plan\.json was planned for environment "other" \(http:\/\/127\.0\.0\.1:\d+\), not "test" \(http:\/\/127\.0\.0\.1:\d+\)$/,
  },
  {
    name: 'a plan for another tenant, digest recomputed',
    planFile: { edit: (p) => (p.target = { url: 'https://acme.halopsa.com', tenant: 'acme' }), reseal: true },
    command: 'apply-file',
    code: 1,
    line: /^Error: plan\.json was planned for environment "test" \(https:\/\/acme\.halopsa\.com, tenant acme\), not "test" \(http:\/\/127\.0\.0\.1:\d+\)$/,
  },
  {
    name: 'a plan from another halo-iac version, digest recomputed',
    planFile: { edit: (p) => (p.tool_version = '0.0.1'), reseal: true },
    command: 'apply-file',
    code: 1,
    line: `Error: plan.json was made by halo-iac 0.0.1; this is halo-iac ${toolVersion()}, whose requests may differ. Make a new plan with this version.`,
  },
  {
    name: 'a plan gone stale: a field changed in Halo',
    planFile: {},
    meanwhile: async (c) => void (await c.upsert('Team', [{ id: 4, name: 'Sales', inactive: false, department_id: 3 }])),
    manifests: docs('kind: Team\nname: Sales\nspec:\n  inactive: true\n  department: Sales'),
    command: 'apply-file',
    code: 1,
    line: '  team/Sales: department changed in Halo since the plan was made',
  },
  {
    name: 'a plan made with --allow-lockout, applied without it',
    manifests: docs('kind: Role\nname: Administrator\nspec:\n  description: Reduced'),
    planFile: { planFlags: { allowLockout: true } },
    command: 'apply-file',
    code: 1,
    line: "environments/test/resources.yaml:3:7: refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
  },
];

it('has at least 40 cases', () => expect(planFileCases.length).toBeGreaterThanOrEqual(40));

describeBroken('broken saved plan files: exit code, position and message, zero writes', planFileCases);
