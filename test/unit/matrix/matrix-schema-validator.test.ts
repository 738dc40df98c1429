/**
 * The build replaces the runtime compile of the matrix schema with ajv's standalone code
 * (scripts/build-validators.mjs): it must accept and refuse what the runtime compile does, with
 * the same errors (the messages are made from them), and refuse to check against another schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matrixSchemaValidator } from '../../../src/matrix/matrix-schema-validator.js';

const DIST = new URL('../../../dist/matrix/matrix-schema-validator.js', import.meta.url);
const built = existsSync(fileURLToPath(DIST));
const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;
const shipped = parse(readFileSync(new URL('../../../matrix/default.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
const scenario = { id: 'a', intent: { host: 'auto', blockMigration: false, diskOverCommit: false } };

const DOCUMENTS: readonly [string, unknown][] = [
  ['the default matrix', shipped],
  ['a wrong version and an unknown key', { ...shipped, version: 2, extra: 1 }],
  ['no targets', { ...shipped, targets: [] }],
  ['a bad microversion range', { ...shipped, targets: [{ microversions: { from: '2.x', to: '2.5' } }] }],
  ['an unknown host kind', { ...shipped, scenarios: [{ ...scenario, intent: { ...scenario.intent, host: 'bogus' } }] }],
  ['a scenario without intent', { ...shipped, scenarios: [{ id: 'b' }] }],
  ['not an object', 'version: 1'],
];

describe.runIf(built || process.env.CI === 'true')('the build precompiles the matrix schema', () => {
  it.each(DOCUMENTS)('%s: the precompiled validator agrees with ajv compiling at runtime', async (_name, data) => {
    const dist = (await import(DIST.href)) as typeof import('../../../src/matrix/matrix-schema-validator.js');
    expect(dist.PRECOMPILED).toBe(true);
    const precompiled = dist.matrixSchemaValidator(structuredClone(schema));
    const runtime = matrixSchemaValidator(schema);
    expect(precompiled).not.toBe(runtime);
    expect(precompiled(data)).toBe(runtime(data));
    expect(precompiled.errors ?? null).toEqual(runtime.errors ?? null);
  });

  it('refuses a schema other than the one it was built from', async () => {
    const dist = (await import(DIST.href)) as typeof import('../../../src/matrix/matrix-schema-validator.js');
    expect(() => dist.matrixSchemaValidator({ ...schema, title: 'edited' })).toThrow(/changed since dist\/ was built/);
  });
});
