import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIGRATE_LIVE_SCHEMAS, MIGRATE_LIVE_SCHEMAS_V32 } from '../../../src/nova/schemas/migrate-live.js';
import { migrateV256 } from '../../../src/nova/schemas/migrate.js';
import { forceCompleteSchema } from '../../../src/nova/schemas/force-complete.js';
import { compiledValidator, stripAdditionalProperties } from '../../../src/nova/validation/nova-schema-validator.js';
import { findFirstSchemaError } from '../../../src/nova/validation/first-error.js';
import { BOOLEAN_ENUM } from '../../../src/nova/schemas/parameter-types.js';
import type { NovaSchema } from '../../../src/nova/schemas/json-schema.js';
import { NOVA_SCHEMAS, novaSchemaName } from '../../../src/nova/validation/schema-registry.js';

// Values near the schemas' edges, mixed with arbitrary JSON, so both valid and invalid bodies occur.
const edgy = fc.oneof(
  fc.constantFrom(...BOOLEAN_ENUM, 'auto', 'AUTO', 'tRue', null, '', 'compute-02', 'h\n', 'h\n\n', '\n', 'a b', 'a'.repeat(255), 'a'.repeat(256), 1, 0, 1.5, []),
  fc.string({ maxLength: 6 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.constantFrom('block_migration', 'disk_over_commit', 'host', 'force', 'migrate', 'force_complete', 'extra', '2');
const inner = fc.dictionary(key, edgy, { maxKeys: 5 });
// Mostly-valid inner objects: every key usually present with a schema-valid value.
const nearValidInner = fc.record(
  {
    block_migration: fc.oneof(fc.constantFrom(...BOOLEAN_ENUM, 'auto'), edgy),
    host: fc.oneof(fc.constantFrom(null, 'compute-02', 'h\n', 'a_b.c-d'), edgy),
    disk_over_commit: fc.constantFrom(...BOOLEAN_ENUM),
    force: fc.oneof(fc.constantFrom(...BOOLEAN_ENUM), edgy),
    extra: edgy,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  inner.map((i) => ({ 'os-migrateLive': i })),
  nearValidInner.map((i) => ({ 'os-migrateLive': i })),
  nearValidInner.map((i) => ({ migrate: i.extra !== undefined ? null : i.host === undefined ? {} : { host: i.host } })),
  fc.record({ migrate: fc.oneof(fc.constant(null), inner) }),
  fc.record({ force_complete: edgy }),
  fc.dictionary(key, fc.oneof(inner, edgy), { maxKeys: 3 }),
  edgy,
);

const SCHEMAS: Array<[string, NovaSchema]> = [
  ...Object.entries(MIGRATE_LIVE_SCHEMAS).map(([band, s]) => [`os-migrateLive ${band}`, s] as [string, NovaSchema]),
  ...Object.entries(MIGRATE_LIVE_SCHEMAS_V32).map(([band, s]) => [`os-migrateLive ${band} (32.0.0+)`, s] as [string, NovaSchema]),
  ['migrate 2.56', migrateV256],
  ['force_complete', forceCompleteSchema],
];

describe('ajv and the jsonschema-order walker agree on validity', () => {
  it.each(SCHEMAS)('%s: ajv valid exactly when the walker finds no first error', (_name, schema) => {
    const validate = compiledValidator(schema);
    fc.assert(
      fc.property(body, (b) => {
        expect(validate(b)).toBe(findFirstSchemaError(schema, b) === null);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(SCHEMAS)('%s: legacy stripping then ajv agrees with the relaxed walker', (_name, schema) => {
    const validate = compiledValidator(schema);
    fc.assert(
      fc.property(body, (b) => {
        expect(validate(stripAdditionalProperties(schema, b))).toBe(findFirstSchemaError(schema, b, { relaxAdditionalProperties: true }) === null);
      }),
      { numRuns: 1000 },
    );
  });

  it('the generator produces valid bodies too (the property is not vacuous)', () => {
    const validate = compiledValidator(MIGRATE_LIVE_SCHEMAS['2.30']);
    const samples = fc.sample(body, { numRuns: 5000, seed: 42 });
    expect(samples.filter((b) => validate(b)).length).toBeGreaterThan(0);
  });
});

// The build replaces the runtime compile with ajv's standalone code (scripts/build-validators.mjs).
const PRECOMPILED = new URL('../../../dist/nova/validation/compiled-validators.js', import.meta.url);
const built = existsSync(fileURLToPath(PRECOMPILED));

describe.runIf(built || process.env.CI === 'true')('the build precompiles every Nova schema', () => {
  it.each(NOVA_SCHEMAS.map(([name, schema]) => [name, schema] as [string, NovaSchema]))('%s: the precompiled validator agrees with ajv compiling at runtime', async (_name, schema) => {
    const dist = (await import(PRECOMPILED.href)) as typeof import('../../../src/nova/validation/compiled-validators.js');
    expect(dist.PRECOMPILED).toBe(true);
    const shipped = dist.novaValidator(novaSchemaName(schema));
    const runtime = compiledValidator(schema);
    expect(shipped).not.toBe(runtime);
    fc.assert(
      fc.property(body, (b) => {
        expect(shipped(b)).toBe(runtime(b));
      }),
      { numRuns: 2000 },
    );
  });
});
