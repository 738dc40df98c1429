import { describe, expect, it } from 'vitest';
import { forceCompleteSchema } from '../../../src/nova/schemas/force-complete.js';
import { migrateSchema, migrateV256 } from '../../../src/nova/schemas/migrate.js';
import { migrateLiveSchema } from '../../../src/nova/schemas/migrate-live.js';
import { parseJsonLikePython } from '../../../src/nova/python-repr.js';
import { validateNovaBody } from '../../../src/nova/validation/nova-schema-validator.js';
import type { NovaSchema } from '../../../src/nova/schemas/json-schema.js';

function check(schema: NovaSchema, text: string): string | null {
  const parsed = parseJsonLikePython(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const r = validateNovaBody(schema, parsed.value);
  return r.ok ? null : r.message;
}

// Messages printed by Nova 26.2.2's validators._SchemaValidator on the same bodies.
describe('cold migrate schema (2.56+) answers like Nova 26.2.2', () => {
  it.each([
    ['{"migrate": null}', null],
    ['{"migrate": {}}', null],
    ['{"migrate": {"host": "compute-02"}}', null],
    ['{"migrate": {"host": null}}', null],
    ['{"migrate": {"host": ""}}', "Invalid input for field/attribute host. Value: . '' is too short"],
    ['{"migrate": {"host": "a b"}}', "Invalid input for field/attribute host. Value: a b. 'a b' does not match '^[a-zA-Z0-9-._]*$'"],
    ['{"migrate": {"hosts": "x"}}', "Invalid input for field/attribute migrate. Value: {'hosts': 'x'}. Additional properties are not allowed ('hosts' was unexpected)"],
    ['{"migrate": []}', "Invalid input for field/attribute migrate. Value: []. [] is not of type 'object', 'null'"],
    ['{"migrate": 1.0}', "Invalid input for field/attribute migrate. Value: 1.0. 1.0 is not of type 'object', 'null'"],
    ['{"migrate": null, "x": 1}', "Additional properties are not allowed ('x' was unexpected)"],
    ['{}', "'migrate' is a required property"],
  ])('%s → %s', (text, expected) => {
    expect(check(migrateV256, text)).toBe(expected);
  });
});

describe('force_complete schema answers like Nova 26.2.2', () => {
  it.each([
    ['{"force_complete": null}', null],
    ['{"force_complete": {}}', "Invalid input for field/attribute force_complete. Value: {}. {} is not of type 'null'"],
    ['{"force_complete": 1}', "Invalid input for field/attribute force_complete. Value: 1. 1 is not of type 'null'"],
    ['{"force_complete": null, "a": 1}', "Additional properties are not allowed ('a' was unexpected)"],
    ['{}', "'force_complete' is a required property"],
    ['[]', "[] is not of type 'object'"],
  ])('%s → %s', (text, expected) => {
    expect(check(forceCompleteSchema, text)).toBe(expected);
  });
});

describe('Nova 32.0.0 reordered the host keywords (pattern before length)', () => {
  const longBad = `"${'a b'.repeat(90)}"`;
  it('up to 31.x a long off-pattern host is reported as too long', () => {
    expect(check(migrateLiveSchema('2.30'), `{"os-migrateLive": {"host": ${longBad}, "block_migration": false}}`)).toMatch(/is too long$/);
    expect(check(migrateSchema(31), `{"migrate": {"host": ${longBad}}}`)).toMatch(/is too long$/);
  });
  it('from 32.0.0 the same host is reported as not matching the pattern', () => {
    expect(check(migrateLiveSchema('2.30', 32), `{"os-migrateLive": {"host": ${longBad}, "block_migration": false}}`)).toMatch(/does not match '\^\[a-zA-Z0-9-\._\]\*\$'$/);
    expect(check(migrateSchema(32), `{"migrate": {"host": ${longBad}}}`)).toMatch(/does not match/);
  });
});
